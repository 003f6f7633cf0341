package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.data.BilinearResize;
import dev.lla.core.data.CenterCrop;
import dev.lla.core.data.Normalization;
import dev.lla.core.data.RangeScale;
import dev.lla.core.data.TransformPipeline;
import dev.lla.core.data.ZeroPad;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the transform options ({@code --resize HxW}, {@code --pad P}, ...) into a
 * {@link TransformPipeline}, for the data of every command and for each target dataset of
 * {@code lla generalize} ({@code --target-resize}, ...): errors name the option as the user wrote it.
 */
final class TransformParser {

    private TransformParser() {}

    /**
     * The pipeline of the given option values ({@code null} for absent), in its fixed order.
     *
     * @param prefix what the options' names start with: {@code --} or {@code --target-}
     * @throws LlaException (usage) naming the option whose value is malformed or invalid
     */
    static TransformPipeline pipeline(String prefix, boolean grayscale, String resize, String centerCrop, String pad,
            String scale, String normalize) {
        TransformPipeline transforms = TransformPipeline.NONE.withGrayscale(grayscale);
        if (resize != null) {
            String option = prefix + "resize";
            int[] size = parseSize(option, resize);
            transforms = transforms.withResize(option(option, resize, () -> new BilinearResize(size[0], size[1])));
        }
        if (centerCrop != null) {
            String option = prefix + "center-crop";
            int[] size = parseSize(option, centerCrop);
            transforms = transforms.withCenterCrop(option(option, centerCrop, () -> new CenterCrop(size[0], size[1])));
        }
        if (pad != null) {
            String option = prefix + "pad";
            int[] p = parsePad(option, pad);
            transforms = transforms.withPad(option(option, pad, () -> new ZeroPad(p[0], p[1])));
        }
        if (scale != null) {
            String option = prefix + "scale";
            double[] range = parseNumbers(option, scale, scale, "expected LO,HI, e.g. -1,1");
            if (range.length != 2) {
                throw LlaException.usage(option + " " + scale + ": expected LO,HI, e.g. -1,1");
            }
            transforms = transforms.withScale(option(option, scale, () -> new RangeScale(range[0], range[1])));
        }
        if (normalize != null) {
            transforms = transforms.withNormalization(parseNormalization(prefix + "normalize", normalize));
        }
        return transforms;
    }

    static Normalization parseNormalization(String option, String text) {
        String expected = "expected MEAN,STD or M1,M2,M3/S1,S2,S3 (one per channel), e.g."
                + " 0.1307,0.3081";
        String notNumbers = "MEAN and STD must be numbers; " + expected;
        String[] halves = text.split("/", -1);
        List<Double> mean;
        List<Double> std;
        if (halves.length == 1) {
            double[] pair = parseNumbers(option, text, text, notNumbers);
            if (pair.length != 2) {
                throw LlaException.usage(option + " " + text + ": " + expected);
            }
            mean = List.of(pair[0]);
            std = List.of(pair[1]);
        } else if (halves.length == 2) {
            mean = boxed(parseNumbers(option, text, halves[0], notNumbers));
            std = boxed(parseNumbers(option, text, halves[1], notNumbers));
            if (mean.size() != std.size()) {
                throw LlaException.usage(option + " " + text + ": " + mean.size() + " means but "
                        + std.size() + " stds; give one of each per channel");
            }
        } else {
            throw LlaException.usage(option + " " + text + ": " + expected);
        }
        return option(option, text, () -> new Normalization(mean, std));
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
    static int[] parsePad(String option, String text) {
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
        throw LlaException.usage(option + " " + text + ": expected P or PH,PW of integers >= 0, e.g. 2");
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
}
