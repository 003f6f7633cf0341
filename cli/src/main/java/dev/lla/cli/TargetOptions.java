package dev.lla.cli;

import dev.lla.core.data.DataFormat;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Split;
import dev.lla.core.data.TransformPipeline;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * One target dataset B of {@code lla generalize}, with its own split, format, transforms, label
 * map and name. Each group starts with {@code --target PATH}; the options after it, up to the next
 * {@code --target}, belong to it.
 */
final class TargetOptions {

    @Option(names = "--target", required = true, paramLabel = "PATH",
            description = "A target dataset B (any format --data reads). Repeat for several targets; the"
                    + " --target-* options after it apply to it.")
    Path data;

    @Option(names = "--target-split", paramLabel = "train|test",
            description = "Split of the target. Default: test.")
    Split split;

    @Option(names = "--target-format", paramLabel = "FORMAT",
            description = "Read the target as auto|idx|npz|cifar10|csv|svhn|imagefolder. Default: auto.")
    DataFormat format;

    @Option(names = "--target-grayscale", description = "Target transform: RGB to one channel, as --grayscale.")
    boolean grayscale;

    @Option(names = "--target-resize", paramLabel = "HxW|N", description = "Target transform: bilinear resize, as --resize.")
    String resize;

    @Option(names = "--target-center-crop", paramLabel = "HxW|N", description = "Target transform: as --center-crop.")
    String centerCrop;

    @Option(names = "--target-pad", paramLabel = "P|PH,PW", description = "Target transform: zero padding, as --pad.")
    String pad;

    @Option(names = "--target-scale", paramLabel = "LO,HI", description = "Target transform: as --scale.")
    String scale;

    @Option(names = "--target-normalize", paramLabel = "MEAN,STD|M1,../S1,..",
            description = "Target transform, last: as --normalize.")
    String normalize;

    @Option(names = "--target-label-map", paramLabel = "b=a,...",
            description = "Map the target's classes onto A's: label numbers or class names, e.g."
                    + " '0=0,1=1,...'; every class the target holds must be mapped. Without it, the"
                    + " target must have A's number of classes and its labels are taken as A's.")
    String labelMap;

    @Option(names = "--target-name", paramLabel = "NAME",
            description = "Name of the target in tables and figures. Default: from its path.")
    String name;

    DataRequest request() {
        return DataRequest.of(data, split()).withFormat(format).withTransforms(transforms());
    }

    TransformPipeline transforms() {
        return TransformParser.pipeline("--target-", grayscale, resize, centerCrop, pad, scale, normalize);
    }

    Split split() {
        return split == null ? Split.TEST : split;
    }

    String name() {
        return name != null ? name : defaultName(data);
    }

    /** A dataset's name from its path: a directory's name, or a file with its directory. */
    static String defaultName(Path path) {
        Path file = path.toAbsolutePath().normalize();
        if (java.nio.file.Files.isDirectory(file) || file.getParent() == null
                || file.getParent().getFileName() == null) {
            return String.valueOf(file.getFileName());
        }
        return file.getParent().getFileName() + "/" + file.getFileName();
    }

    /** The target's settings for the JSON config. */
    Map<String, Object> config() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name());
        map.put("data", data.toString());
        map.put("split", split().label());
        map.put("format", format == null ? "auto" : format.label());
        TransformPipeline transforms = transforms();
        map.put("transforms", transforms.isEmpty() ? null : transforms.toString());
        map.put("labelMap", labelMap);
        return map;
    }
}
