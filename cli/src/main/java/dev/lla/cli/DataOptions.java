package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataFormat;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.BilinearResize;
import dev.lla.core.data.CenterCrop;
import dev.lla.core.data.Normalization;
import dev.lla.core.data.RangeScale;
import dev.lla.core.data.Split;
import dev.lla.core.data.TransformPipeline;
import dev.lla.core.data.ZeroPad;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
        TransformPipeline transforms = TransformPipeline.NONE.withGrayscale(grayscale);
        if (resize != null) {
            int[] size = parseSize("--resize", resize);
            transforms = transforms.withResize(option("--resize", resize,
                    () -> new BilinearResize(size[0], size[1])));
        }
        if (centerCrop != null) {
            int[] size = parseSize("--center-crop", centerCrop);
            transforms = transforms.withCenterCrop(option("--center-crop", centerCrop,
                    () -> new CenterCrop(size[0], size[1])));
        }
        if (pad != null) {
            int[] p = parsePad(pad);
            transforms = transforms.withPad(option("--pad", pad, () -> new ZeroPad(p[0], p[1])));
        }
        if (scale != null) {
            double[] range = parseNumbers("--scale", scale, "LO,HI, e.g. -1,1");
            if (range.length != 2) {
                throw LlaException.usage("--scale " + scale + ": expected LO,HI, e.g. -1,1");
            }
            transforms = transforms.withScale(option("--scale", scale,
                    () -> new RangeScale(range[0], range[1])));
        }
        if (normalize != null) {
            transforms = transforms.withNormalization(parseNormalization(normalize));
        }
        return transforms;
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

    static Normalization parseNormalization(String text) {
        String expected = "expected MEAN,STD or M1,M2,M3/S1,S2,S3 (one per channel), e.g."
                + " 0.1307,0.3081";
        String notNumbers = "MEAN and STD must be numbers; " + expected;
        String[] halves = text.split("/", -1);
        List<Double> mean;
        List<Double> std;
        if (halves.length == 1) {
            double[] pair = parseNumbers("--normalize", text, notNumbers);
            if (pair.length != 2) {
                throw LlaException.usage("--normalize " + text + ": " + expected);
            }
            mean = List.of(pair[0]);
            std = List.of(pair[1]);
        } else if (halves.length == 2) {
            mean = boxed(parseNumbers("--normalize", text, halves[0], notNumbers));
            std = boxed(parseNumbers("--normalize", text, halves[1], notNumbers));
            if (mean.size() != std.size()) {
                throw LlaException.usage("--normalize " + text + ": " + mean.size() + " means but "
                        + std.size() + " stds; give one of each per channel");
            }
        } else {
            throw LlaException.usage("--normalize " + text + ": " + expected);
        }
        return option("--normalize", text, () -> new Normalization(mean, std));
    }

    /** {@code HxW} or {@code N} for {@code NxN}, positive. */
    static int[] parseSize(String option, String text) {
        String[] parts = text.trim().split("[xX×]", -1);
        int[] size = new int[2];
        try {
            if (parts.length == 1) {
                size[0] = Integer.parseInt(parts[0].trim());
                size[1] = size[0];
            } else if (parts.length == 2) {
                size[0] = Integer.parseInt(parts[0].trim());
                size[1] = Integer.parseInt(parts[1].trim());
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw LlaException.usage(option + " " + text + ": expected HxW or N, e.g. 28x28");
        }
        if (size[0] <= 0 || size[1] <= 0) {
            throw LlaException.usage(option + " " + text + ": both sizes must be positive");
        }
        return size;
    }

    /** {@code P} for every side or {@code PH,PW} per axis, not negative. */
    static int[] parsePad(String text) {
        String[] parts = text.split(",", -1);
        try {
            if (parts.length == 1) {
                int p = Integer.parseInt(parts[0].trim());
                return new int[] {p, p};
            }
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException e) {
            // Falls through to the message below.
        }
        throw LlaException.usage("--pad " + text + ": expected P or PH,PW of integers >= 0, e.g. 2");
    }

    private static double[] parseNumbers(String option, String text, String expected) {
        return parseNumbers(option, text, text, expected);
    }

    /** The comma-separated numbers of {@code part} of an option's value {@code text}. */
    private static double[] parseNumbers(String option, String text, String part, String expected) {
        String[] parts = part.split(",", -1);
        double[] numbers = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw LlaException.usage(option + " " + text + ": " + expected);
            }
        }
        return numbers;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    /** Builds a transform, naming {@code option} in its usage error if the values are invalid. */
    private static <T> T option(String option, String text, Supplier<T> build) {
        try {
            return build.get();
        } catch (LlaException e) {
            throw LlaException.usage(option + " " + text + ": " + e.getMessage());
        }
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
