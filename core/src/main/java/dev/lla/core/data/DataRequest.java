package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What data the user asked for, before anything is read. {@link DatasetLoader} works out the
 * format from {@code data}.
 *
 * @param data a directory of MNIST-style IDX files, of {@code train.npz}/{@code test.npz} or of
 *     SVHN's {@code train_32x32.mat}/{@code test_32x32.mat}; an {@code .npz} file, a {@code .mat}
 *     file, or an IDX images file
 * @param labels an IDX labels file to pair with an IDX images file {@code data}; {@code null}
 *     otherwise (a labels file next to the images under the standard name is found without it)
 * @param split which split to read from a directory; {@code null} means {@link Split#TRAIN}.
 *     Ignored when {@code data} names a file, which is the split
 * @param normalization applied after scaling to {@code [0, 1]}; {@code null} for none
 * @param xArray the samples array of an NPZ archive; {@code null} means {@code x}
 * @param yArray the labels array of an NPZ archive; {@code null} means {@code y}
 */
public record DataRequest(Path data, Path labels, Split split, Normalization normalization,
        String xArray, String yArray) {

    public static final String DEFAULT_X = "x";
    public static final String DEFAULT_Y = "y";

    public DataRequest {
        Objects.requireNonNull(data, "data");
        split = split == null ? Split.TRAIN : split;
        xArray = xArray == null ? DEFAULT_X : xArray;
        yArray = yArray == null ? DEFAULT_Y : yArray;
        if (xArray.isBlank() || yArray.isBlank()) {
            throw LlaException.usage("NPZ array names must not be empty");
        }
        if (xArray.equals(yArray)) {
            throw LlaException.usage("the NPZ samples and labels arrays are both named '" + xArray
                    + "'; they must be two different arrays");
        }
    }

    /** A request for {@code split} of {@code data} with defaults for everything else. */
    public static DataRequest of(Path data, Split split) {
        return new DataRequest(data, null, split, null, null, null);
    }

    public DataRequest withLabels(Path labels) {
        return new DataRequest(data, labels, split, normalization, xArray, yArray);
    }

    public DataRequest withNormalization(Normalization normalization) {
        return new DataRequest(data, labels, split, normalization, xArray, yArray);
    }

    public DataRequest withArrays(String xArray, String yArray) {
        return new DataRequest(data, labels, split, normalization, xArray, yArray);
    }
}
