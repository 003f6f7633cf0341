package dev.lla.core.data;

import dev.lla.core.LlaException;

/**
 * Keeps the central {@code height × width} window of every channel, placed as torchvision's
 * {@code CenterCrop}: {@code top = round((H − height)/2)}, {@code left = round((W − width)/2)},
 * rounding halves to even as Python's {@code round} does. Unlike torchvision it refuses a
 * window larger than the image instead of padding.
 *
 * @param height rows kept, {@code > 0}
 * @param width columns kept, {@code > 0}
 */
public record CenterCrop(int height, int width) implements Transform {

    public CenterCrop {
        if (height <= 0 || width <= 0) {
            throw LlaException.usage("center-crop " + height + "x" + width
                    + ": both sizes must be positive");
        }
    }

    @Override
    public int[] outputShape(int[] shape) {
        Shapes.requireImage(shape, this);
        if (height > shape[1] || width > shape[2]) {
            throw LlaException.usage("center-crop " + height + "x" + width
                    + " is larger than the " + shape[1] + "x" + shape[2]
                    + " image; crop to at most its size, or resize first");
        }
        return new int[] {shape[0], height, width};
    }

    @Override
    public float[] apply(float[] sample, int[] shape) {
        int inHeight = shape[1];
        int inWidth = shape[2];
        int top = (int) Math.rint((inHeight - height) / 2.0);
        int left = (int) Math.rint((inWidth - width) / 2.0);
        float[] out = new float[shape[0] * height * width];
        for (int c = 0; c < shape[0]; c++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(sample, (c * inHeight + top + y) * inWidth + left,
                        out, (c * height + y) * width, width);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "center-crop " + height + "x" + width;
    }
}
