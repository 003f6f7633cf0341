package dev.lla.core.data;

import dev.lla.core.LlaException;

/**
 * RGB to one luma channel with the ITU-R BT.601 weights {@code 0.299 R + 0.587 G + 0.114 B},
 * the weights of PIL's {@code convert("L")} that torchvision's {@code Grayscale} follows (its
 * tensor path rounds the red weight to 0.2989). A one-channel image passes unchanged; other
 * channel counts are refused. Cost: one pass over the sample.
 */
public record Grayscale() implements Transform {

    static final double RED = 0.299;
    static final double GREEN = 0.587;
    static final double BLUE = 0.114;

    @Override
    public int[] outputShape(int[] shape) {
        Shapes.requireImage(shape, this);
        if (shape[0] != 1 && shape[0] != 3) {
            throw LlaException.usage("grayscale needs 1 or 3 (RGB) channels; the samples are "
                    + Shapes.times(shape));
        }
        return new int[] {1, shape[1], shape[2]};
    }

    @Override
    public float[] apply(float[] sample, int[] shape) {
        if (shape[0] == 1) {
            return sample.clone();
        }
        int plane = shape[1] * shape[2];
        float[] out = new float[plane];
        for (int p = 0; p < plane; p++) {
            out[p] = (float) (RED * sample[p] + GREEN * sample[plane + p]
                    + BLUE * sample[2 * plane + p]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "grayscale";
    }
}
