package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a labelled dataset from an {@code .npz} archive holding a samples array and a labels
 * array ({@code x} and {@code y} unless named otherwise), as written by
 * {@code numpy.savez("data.npz", x=images, y=labels)}.
 *
 * <p>Samples {@code x}:
 * <ul>
 *   <li>float32/float64: taken as they are (float64 rounded to float32);
 *   <li>integers: pixels {@code 0..255}, divided by 255 like IDX images; values outside that range
 *       are rejected rather than scaled into nonsense;
 *   <li>bool: 0 or 1;
 *   <li>shape {@code (N, H, W)} becomes {@code (N, 1, H, W)}; {@code (N, C, H, W)} and flat
 *       vectors {@code (N, D)} are kept. Channels-last {@code (N, H, W, C)} cannot be told apart
 *       from channels-first and is read as {@code (N, C, H, W)}.
 * </ul>
 *
 * <p>Labels {@code y}: shape {@code (N,)}, integer, bool, or float with integral values.
 */
public final class NpzDatasetReader {

    private NpzDatasetReader() {}

    /**
     * @throws LlaException (input) naming the archive and array if an array is missing or does not
     *     fit the rules above, or the data is not finite
     */
    public static Dataset read(Path file, String xName, String yName) {
        Map<String, NpyArray> arrays = NpzReader.read(file, List.of(xName, yName));
        NpyArray x = arrays.get(xName);
        NpyArray y = arrays.get(yName);
        String xSource = file + " (array '" + xName + "')";
        String ySource = file + " (array '" + yName + "')";

        int[] shape = x.shape();
        int[] sampleShape = switch (shape.length) {
            case 2 -> new int[] {shape[1]};
            case 3 -> new int[] {1, shape[1], shape[2]};
            case 4 -> new int[] {shape[1], shape[2], shape[3]};
            default -> throw LlaException.input(xSource + ": shape " + Shapes.python(shape)
                    + " is not samples; expected (N, D), (N, H, W) or (N, C, H, W)");
        };
        int n = shape[0];
        if (n > 0 && Shapes.product(sampleShape) == 0) {
            throw LlaException.input(xSource + ": shape " + Shapes.python(shape)
                    + " has an empty sample dimension; expected positive sizes");
        }
        int[] yShape = y.shape();
        if (yShape.length != 1) {
            throw LlaException.input(ySource + ": shape " + Shapes.python(yShape)
                    + " is not one label per sample; expected (" + n + ",)" + labelHint(yShape));
        }
        if (yShape[0] != n) {
            throw LlaException.input(ySource + ": " + yShape[0] + " labels, but '" + xName
                    + "' holds " + n + " samples; expected (" + n + ",)");
        }

        float[] samples = samples(x, xSource);
        int[] labels = labels(y, ySource);
        String description = n + " samples of " + Shapes.times(sampleShape) + " from NPZ " + file
                + " (" + xName + ": " + x.dtype().numpyName() + ", " + yName + ": "
                + y.dtype().numpyName() + ")";
        return new Dataset(samples, sampleShape, labels, description, List.of(file));
    }

    private static float[] samples(NpyArray x, String source) {
        if (x.dtype().kind() == NpyDtype.Kind.FLOAT || x.dtype().kind() == NpyDtype.Kind.BOOL) {
            return x.toFloatArray();
        }
        float[] out = new float[x.size()];
        for (int i = 0; i < out.length; i++) {
            double v = x.getDouble(i);
            if (v < 0 || v > 255) {
                throw LlaException.input(source + ": " + x.dtype().numpyName() + " value "
                        + (long) v + " at flat index " + i + " is outside 0..255; integer samples"
                        + " are read as 8-bit pixels and divided by 255 (store floats for any"
                        + " other scale)");
            }
            out[i] = (float) (v / 255.0);
        }
        return out;
    }

    private static int[] labels(NpyArray y, String source) {
        int[] out = new int[y.size()];
        boolean isFloat = y.dtype().kind() == NpyDtype.Kind.FLOAT;
        for (int i = 0; i < out.length; i++) {
            // Doubles hold every label that fits an int exactly, so one check covers all dtypes.
            double v = y.getDouble(i);
            if (isFloat && (v != Math.rint(v) || !Double.isFinite(v))) {
                throw LlaException.input(source + ": label " + v + " at index " + i
                        + " is not a whole number; expected integer class labels");
            }
            if (v < 0) {
                throw LlaException.input(source + ": label " + (long) v + " at index " + i
                        + " is negative; labels must be class indices 0, 1, 2, ...");
            }
            if (v > Integer.MAX_VALUE) {
                throw LlaException.input(source + ": label " + (long) v + " at index " + i
                        + " is too large for a class index");
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static String labelHint(int[] shape) {
        if (shape.length == 2 && shape[1] == 1) {
            return " (flatten it with y.ravel())";
        }
        if (shape.length == 2) {
            return " (one-hot labels? store y.argmax(axis=1))";
        }
        return "";
    }
}
