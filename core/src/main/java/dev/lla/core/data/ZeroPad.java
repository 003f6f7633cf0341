package dev.lla.core.data;

import dev.lla.core.LlaException;

/**
 * Surrounds every channel with zeros: {@code vertical} rows above and below, {@code horizontal}
 * columns left and right, so {@code H × W} becomes {@code (H + 2·vertical) × (W + 2·horizontal)}.
 *
 * @param vertical rows added at the top and at the bottom, {@code ≥ 0}
 * @param horizontal columns added at the left and at the right, {@code ≥ 0}
 */
public record ZeroPad(int vertical, int horizontal) implements Transform {

    public ZeroPad {
        if (vertical < 0 || horizontal < 0) {
            throw LlaException.usage("pad " + vertical + "," + horizontal
                    + ": padding must not be negative");
        }
    }

    @Override
    public int[] outputShape(int[] shape) {
        Shapes.requireImage(shape, this);
        long height = shape[1] + 2L * vertical;
        long width = shape[2] + 2L * horizontal;
        if (shape[0] * height * width > Shapes.MAX_ARRAY_LENGTH) {
            throw LlaException.usage(this + " makes samples of " + shape[0] + "×" + height + "×"
                    + width + ", too large for one array");
        }
        return new int[] {shape[0], (int) height, (int) width};
    }

    @Override
    public float[] apply(float[] sample, int[] shape) {
        int inHeight = shape[1];
        int inWidth = shape[2];
        int height = inHeight + 2 * vertical;
        int width = inWidth + 2 * horizontal;
        float[] out = new float[shape[0] * height * width];
        for (int c = 0; c < shape[0]; c++) {
            for (int y = 0; y < inHeight; y++) {
                System.arraycopy(sample, (c * inHeight + y) * inWidth,
                        out, (c * height + y + vertical) * width + horizontal, inWidth);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "pad " + vertical + "," + horizontal;
    }
}
