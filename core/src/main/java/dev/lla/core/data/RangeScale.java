package dev.lla.core.data;

import dev.lla.core.LlaException;

/**
 * Maps the pixel range {@code [0, 1]} linearly onto {@code [low, high]}:
 * {@code x ↦ low + x·(high − low)}, e.g. {@code -1,1} for models trained on {@code [-1, 1]}.
 * Applies to any sample shape, value by value.
 *
 * @param low the value 0 maps to; finite
 * @param high the value 1 maps to; finite and {@code > low}
 */
public record RangeScale(double low, double high) implements Transform {

    public RangeScale {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            throw LlaException.usage("scale " + low + "," + high
                    + ": expected finite LO < HI, e.g. -1,1");
        }
    }

    @Override
    public int[] outputShape(int[] shape) {
        return shape.clone();
    }

    @Override
    public float[] apply(float[] sample, int[] shape) {
        float[] out = new float[sample.length];
        double range = high - low;
        for (int j = 0; j < sample.length; j++) {
            out[j] = (float) (low + sample[j] * range);
        }
        return out;
    }

    @Override
    public String toString() {
        return "scale " + low + "," + high;
    }
}
