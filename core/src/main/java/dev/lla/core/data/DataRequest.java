package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What data the user asked for, before anything is read. {@link DatasetLoader} works out the
 * format from {@code data} unless {@code format} names one.
 *
 * @param data a directory of MNIST-style IDX files, of {@code train.npz}/{@code test.npz} or of
 *     CIFAR-10 binary batches or SVHN's {@code train_32x32.mat}/{@code test_32x32.mat}; an
 *     {@code .npz}, {@code .mat} or {@code .csv[.gz]} file, a CIFAR-10 batch file or an IDX
 *     images file
 * @param labels an IDX labels file to pair with an IDX images file {@code data}; {@code null}
 *     otherwise (a labels file next to the images under the standard name is found without it)
 * @param split which split to read from a directory; {@code null} means {@link Split#TRAIN}.
 *     Ignored when {@code data} names a file, which is the split
 * @param transforms applied to every sample after integer pixels are scaled to {@code [0, 1]},
 *     in the pipeline's fixed order; {@code null} means {@link TransformPipeline#NONE}
 * @param xArray the samples array of an NPZ archive; {@code null} means {@code x}
 * @param yArray the labels array of an NPZ archive; {@code null} means {@code y}
 * @param format the format to read {@code data} as; {@code null} means {@link DataFormat#AUTO}
 * @param labelColumn the label column of a CSV file, by header name or 0-based index;
 *     {@code null} means a column named {@code label}, else the last column
 * @param sampleShape the shape to give each CSV row's features: {@code [D]}, {@code [H, W]}
 *     (read as {@code [1, H, W]}) or {@code [C, H, W]}; {@code null} keeps flat vectors
 */
public record DataRequest(Path data, Path labels, Split split, TransformPipeline transforms,
        String xArray, String yArray, DataFormat format, String labelColumn,
        List<Integer> sampleShape) {

    public static final String DEFAULT_X = "x";
    public static final String DEFAULT_Y = "y";

    public DataRequest {
        Objects.requireNonNull(data, "data");
        split = split == null ? Split.TRAIN : split;
        transforms = transforms == null ? TransformPipeline.NONE : transforms;
        xArray = xArray == null ? DEFAULT_X : xArray;
        yArray = yArray == null ? DEFAULT_Y : yArray;
        format = format == null ? DataFormat.AUTO : format;
        if (xArray.isBlank() || yArray.isBlank()) {
            throw LlaException.usage("NPZ array names must not be empty");
        }
        if (xArray.equals(yArray)) {
            throw LlaException.usage("the NPZ samples and labels arrays are both named '" + xArray
                    + "'; they must be two different arrays");
        }
        if (labelColumn != null && labelColumn.isBlank()) {
            throw LlaException.usage("the CSV label column must not be empty; give a header name"
                    + " or a 0-based column index");
        }
        if (sampleShape != null) {
            sampleShape = List.copyOf(sampleShape);
            if (sampleShape.isEmpty() || sampleShape.size() > 3) {
                throw LlaException.usage("sample shape " + sampleShape + " must have 1 to 3"
                        + " dimensions: D, H,W or C,H,W");
            }
            for (int d : sampleShape) {
                if (d <= 0) {
                    throw LlaException.usage("sample shape " + sampleShape
                            + " has a dimension " + d + "; all must be positive");
                }
            }
            if (sampleShape.size() == 2) {
                // One channel, as NPZ (N, H, W) is read: image models expect [C, H, W].
                sampleShape = List.of(1, sampleShape.get(0), sampleShape.get(1));
            }
        }
    }

    /** A request for {@code split} of {@code data} with defaults for everything else. */
    public static DataRequest of(Path data, Split split) {
        return new DataRequest(data, null, split, null, null, null, null, null, null);
    }

    public DataRequest withLabels(Path labels) {
        return new DataRequest(data, labels, split, transforms, xArray, yArray, format,
                labelColumn, sampleShape);
    }

    /** These transforms instead of the current ones. */
    public DataRequest withTransforms(TransformPipeline transforms) {
        return new DataRequest(data, labels, split, transforms, xArray, yArray, format,
                labelColumn, sampleShape);
    }

    /** The current transforms with {@code normalization} as their last step. */
    public DataRequest withNormalization(Normalization normalization) {
        return withTransforms(transforms.withNormalization(normalization));
    }

    public DataRequest withArrays(String xArray, String yArray) {
        return new DataRequest(data, labels, split, transforms, xArray, yArray, format,
                labelColumn, sampleShape);
    }

    public DataRequest withFormat(DataFormat format) {
        return new DataRequest(data, labels, split, transforms, xArray, yArray, format,
                labelColumn, sampleShape);
    }

    /** The CSV label column and sample shape; {@code null} for the defaults. */
    public DataRequest withCsv(String labelColumn, List<Integer> sampleShape) {
        return new DataRequest(data, labels, split, transforms, xArray, yArray, format,
                labelColumn, sampleShape);
    }

    /** The same reading options for other data: another path, no labels file, another split. */
    public DataRequest withData(Path data, Split split) {
        return new DataRequest(data, null, split, transforms, xArray, yArray, format,
                labelColumn, sampleShape);
    }
}
