package dev.lla.core.data;

import dev.lla.core.LlaException;

/**
 * Resizes every channel to {@code height × width} by bilinear interpolation with half-pixel
 * centres, as {@code torch.nn.functional.interpolate(mode='bilinear', align_corners=False)}
 * without antialiasing (so a large reduction aliases, as it does in PyTorch).
 *
 * <p>Output row {@code y} samples the input at {@code src = (y + 0.5)·H/height − 0.5}, clamped
 * below at 0; it blends rows {@code floor(src)} and {@code floor(src) + 1} (the last row repeated
 * at the edge) with weights {@code 1 − frac} and {@code frac}; columns likewise. Cost: four reads
 * per output value.
 *
 * @param height output rows, {@code > 0}
 * @param width output columns, {@code > 0}
 */
public record BilinearResize(int height, int width) implements Transform {

    public BilinearResize {
        if (height <= 0 || width <= 0) {
            throw LlaException.usage("resize " + height + "x" + width
                    + ": both sizes must be positive");
        }
    }

    @Override
    public int[] outputShape(int[] shape) {
        Shapes.requireImage(shape, this);
        return new int[] {shape[0], height, width};
    }

    @Override
    public float[] apply(float[] sample, int[] shape) {
        int channels = shape[0];
        int inHeight = shape[1];
        int inWidth = shape[2];
        int[] row0 = new int[height];
        int[] row1 = new int[height];
        double[] rowFrac = new double[height];
        sourceIndices(inHeight, height, row0, row1, rowFrac);
        int[] col0 = new int[width];
        int[] col1 = new int[width];
        double[] colFrac = new double[width];
        sourceIndices(inWidth, width, col0, col1, colFrac);
        float[] out = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            int in = c * inHeight * inWidth;
            int o = c * height * width;
            for (int y = 0; y < height; y++) {
                int top = in + row0[y] * inWidth;
                int bottom = in + row1[y] * inWidth;
                double fy = rowFrac[y];
                for (int x = 0; x < width; x++) {
                    double fx = colFrac[x];
                    double upper = (1 - fx) * sample[top + col0[x]] + fx * sample[top + col1[x]];
                    double lower = (1 - fx) * sample[bottom + col0[x]]
                            + fx * sample[bottom + col1[x]];
                    out[o + y * width + x] = (float) ((1 - fy) * upper + fy * lower);
                }
            }
        }
        return out;
    }

    /** PyTorch's {@code area_pixel_compute_source_index} for align_corners=False, per axis. */
    private static void sourceIndices(int in, int out, int[] lower, int[] upper, double[] frac) {
        double scale = (double) in / out;
        for (int d = 0; d < out; d++) {
            double src = Math.max((d + 0.5) * scale - 0.5, 0);
            int i0 = Math.min((int) src, in - 1);
            lower[d] = i0;
            upper[d] = Math.min(i0 + 1, in - 1);
            frac[d] = src - i0;
        }
    }

    @Override
    public String toString() {
        return "resize " + height + "x" + width + " (bilinear, align_corners=False, no antialias)";
    }
}
