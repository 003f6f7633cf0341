package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataFormat;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Split;
import dev.lla.core.data.TransformPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which data, and which batches of it. */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "A directory of MNIST-style IDX files (plain or .gz), of train.npz/test.npz,"
                    + " of CIFAR-10 binary batches (or its cifar-10-batches-bin/) or of SVHN's"
                    + " train_32x32.mat/test_32x32.mat; an IDX images file (with --labels), an .npz"
                    + " with arrays x and y, a .csv[.gz] or an SVHN .mat file.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "IDX labels file paired with an IDX images file given as --data.")
    Path labels;

    @Option(names = "--data-format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "Read --data as auto|idx|npz|cifar10|csv|svhn|imagefolder; auto detects it from the path."
                    + " Default: ${DEFAULT-VALUE}.")
    DataFormat format;

    @Option(names = "--label-column", paramLabel = "NAME|INDEX",
            description = "CSV label column, by header name or 0-based index. Default: a column"
                    + " named label, else the last column.")
    String labelColumn;

    @Option(names = "--sample-shape", paramLabel = "C,H,W",
            description = "Shape of a CSV row's features: C,H,W, H,W (one channel) or D."
                    + " Default: a flat vector of the feature columns.")
    String sampleShape;

    @Option(names = "--split", defaultValue = "train", paramLabel = "train|test",
            description = "Split to read where the data has both. Default: ${DEFAULT-VALUE}.")
    Split split;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N",
            description = "Samples per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--batches", defaultValue = "1", paramLabel = "N",
            description = "Number of batches. Default: ${DEFAULT-VALUE}.")
    int batches;

    @Option(names = "--sequential",
            description = "Take the first batches in file order instead of seeded random batches.")
    boolean sequential;

    @Option(names = "--grayscale",
            description = "Transform: RGB to one channel, 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601);"
                    + " one channel passes unchanged. Transforms run in this order: grayscale,"
                    + " resize, center-crop, pad, scale, normalize.")
    boolean grayscale;

    @Option(names = "--resize", paramLabel = "HxW|N",
            description = "Transform: bilinear resize to HxW (N: NxN), as PyTorch's interpolate"
                    + " with align_corners=False and no antialiasing.")
    String resize;

    @Option(names = "--center-crop", paramLabel = "HxW|N",
            description = "Transform: keep the central HxW (N: NxN) window, placed as torchvision's"
                    + " CenterCrop; it must fit in the image.")
    String centerCrop;

    @Option(names = "--pad", paramLabel = "P|PH,PW",
            description = "Transform: add zeros, P on every side, or PH rows above and below and PW"
                    + " columns left and right.")
    String pad;

    @Option(names = "--scale", paramLabel = "LO,HI",
            description = "Transform: map the pixel range [0,1] to [LO,HI], e.g. -1,1.")
    String scale;

    @Option(names = "--normalize", paramLabel = "MEAN,STD|M1,M2,../S1,S2,..",
            description = "Transform, last: apply (x - MEAN) / STD, one pair for all values or one"
                    + " mean and std per channel.")
    String normalize;

    @Option(names = "--x-array", defaultValue = DataRequest.DEFAULT_X, paramLabel = "NAME",
            description = "NPZ array holding the samples. Default: ${DEFAULT-VALUE}.")
    String xArray;

    @Option(names = "--y-array", defaultValue = DataRequest.DEFAULT_Y, paramLabel = "NAME",
            description = "NPZ array holding the labels. Default: ${DEFAULT-VALUE}.")
    String yArray;

    DataRequest request() {
        DataRequest request = DataRequest.of(data, split).withArrays(xArray, yArray)
                .withFormat(format)
                .withCsv(labelColumn, sampleShape == null ? null : parseShape(sampleShape));
        if (labels != null) {
            request = request.withLabels(labels);
        }
        return request.withTransforms(transforms());
    }

    /** The transforms asked for, in the pipeline's fixed order whatever the option order. */
    TransformPipeline transforms() {
        return TransformParser.pipeline("--", grayscale, resize, centerCrop, pad, scale, normalize);
    }

    /** The transforms for the JSON config: {@code null} when there are none. */
    String transformsLabel() {
        TransformPipeline transforms = transforms();
        return transforms.isEmpty() ? null : transforms.toString();
    }

    BatchPlan plan(int datasetSize, long seed) {
        return sequential
                ? BatchPlan.sequential(datasetSize, batchSize, batches)
                : BatchPlan.random(datasetSize, batchSize, batches, seed);
    }

    static List<Integer> parseShape(String text) {
        List<Integer> shape = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                shape.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw LlaException.usage("--sample-shape " + text
                        + ": expected C,H,W, H,W or D of positive integers, e.g. 1,28,28");
            }
        }
        return shape;
    }

    /** Where the data comes from: the path, the labels file (IDX pairs) and the split. */
    void putSourceConfig(java.util.Map<String, Object> config) {
        config.put("data", data.toString());
        config.put("labels", labels == null ? null : labels.toString());
        config.put("split", split.label());
    }

    /** The batch and transform settings, in the order every command's JSON config lists them. */
    void putBatchConfig(java.util.Map<String, Object> config) {
        config.put("batchSize", batchSize);
        config.put("batches", batches);
        config.put("sampling", sequential ? "sequential" : "random");
        config.put("normalize", normalize);
        config.put("transforms", transformsLabel());
    }
}
