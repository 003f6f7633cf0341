package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads an ImageNet-style image folder as torchvision's {@code ImageFolder} does: one subfolder
 * per class, the classes sorted by name (by code point, as Python sorts strings), label {@code k}
 * for the {@code k}-th; in each class folder every {@code .png}, {@code .jpg} or {@code .jpeg}
 * file (any case), subfolders included, in order of relative path.
 *
 * <p>Only the listing (paths and labels) is read up front; pixels are decoded with
 * {@link ImageIO} when a batch needs them, and the transforms are applied to each image then, so
 * a folder larger than memory is streamed. An image becomes {@code [C, H, W]} floats in
 * {@code [0, 1]} as {@link ImageDecoder} describes (grayscale {@code C = 1}, others R, G, B with
 * any alpha dropped). The sample shape is that of the first image after the transforms; an
 * image of another shape is an input error when its batch is built.
 */
public final class ImageFolderReader {

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");
    private static final Comparator<String> BY_CODE_POINT =
            (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

    private ImageFolderReader() {}

    /**
     * Lists {@code directory}'s class folders and images and decodes the first image, for the
     * sample shape.
     *
     * @throws LlaException (input) naming the folder if it holds no class subfolder, a class
     *     folder holds no image, or the first image cannot be decoded
     */
    public static Dataset read(Path directory) {
        List<Path> classDirs = subdirectories(directory);
        if (classDirs.isEmpty()) {
            throw LlaException.input(directory + ": no class subfolders; an image folder holds"
                    + " one subfolder of PNG/JPEG images per class");
        }
        List<String> classNames = new ArrayList<>();
        List<Path> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path classDir : classDirs) {
            List<Path> found = imagesIn(classDir);
            if (found.isEmpty()) {
                throw LlaException.input(classDir + ": empty class folder; expected PNG/JPEG"
                        + " images (.png, .jpg, .jpeg)");
            }
            for (Path image : found) {
                images.add(image);
                labels.add(classNames.size());
            }
            classNames.add(classDir.getFileName().toString());
        }
        Images samples = new Images(List.copyOf(images), TransformPipeline.NONE, null);
        int[] shape = samples.shape();
        String description = images.size() + " images in " + classNames.size() + " classes from "
                + directory + " (first " + Shapes.times(shape) + ")";
        return new Dataset(samples, labels.stream().mapToInt(Integer::intValue).toArray(),
                description, List.of(directory)).withClassNames(classNames);
    }

    /**
     * The folder of {@code split}: {@code directory/train} for the train split and
     * {@code directory/test}, else {@code directory/val}, for the test split when
     * {@code directory} holds {@code train/} and {@code test/} or {@code val/}; otherwise
     * {@code directory} itself, whatever the split.
     */
    static Path splitFolder(Path directory, Split split) {
        Path train = directory.resolve("train");
        Path test = directory.resolve("test");
        Path val = directory.resolve("val");
        if (!Files.isDirectory(train) || !(Files.isDirectory(test) || Files.isDirectory(val))) {
            return directory;
        }
        return split == Split.TRAIN ? train : Files.isDirectory(test) ? test : val;
    }

    /**
     * Whether {@code directory} looks like an image folder: a subfolder of it holds an image file
     * directly. Cheap: it lists the subfolders' entries only.
     */
    static boolean looksLike(Path directory) {
        for (Path sub : subdirectories(directory)) {
            try (Stream<Path> entries = Files.list(sub)) {
                if (entries.anyMatch(p -> isImage(p) && Files.isRegularFile(p))) {
                    return true;
                }
            } catch (IOException | UncheckedIOException e) {
                return false;
            }
        }
        return false;
    }

    static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /** The subfolders of {@code directory}, sorted by name. */
    static List<Path> subdirectories(Path directory) {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    dirs.add(entry);
                }
            }
        } catch (IOException e) {
            throw ReadFailure.of(directory.toString(), e);
        } catch (DirectoryIteratorException e) {
            throw ReadFailure.of(directory.toString(), e.getCause());
        }
        dirs.sort(Comparator.comparing(p -> p.getFileName().toString(), BY_CODE_POINT));
        return dirs;
    }

    private static List<Path> imagesIn(Path classDir) {
        try (Stream<Path> files = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(p -> isImage(p) && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> classDir.relativize(p).toString(),
                            BY_CODE_POINT))
                    .toList();
        } catch (IOException e) {
            throw ReadFailure.of(classDir.toString(), e);
        } catch (UncheckedIOException e) {
            throw ReadFailure.of(classDir.toString(), e.getCause());
        }
    }

    /** The images of a folder, decoded and transformed on demand. */
    private static final class Images implements LazySamples {

        private final List<Path> files;
        private final TransformPipeline transforms;
        private final int[] shape;

        /** @param shape the sample shape, or {@code null} to take it from the first image */
        Images(List<Path> files, TransformPipeline transforms, int[] shape) {
            this.files = files;
            this.transforms = transforms;
            if (shape == null) {
                int[] decoded = new int[3];
                ImageDecoder.decode(files.get(0), decoded);
                shape = transforms.outputShape(decoded);
            }
            this.shape = shape;
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public String name(int i) {
            return files.get(i).toString();
        }

        @Override
        public LazySamples transformed(TransformPipeline more) {
            if (!transforms.isEmpty()) {
                throw new IllegalStateException("transforms are applied once, at load");
            }
            return new Images(files, more, null);
        }

        @Override
        public float[] sample(int i) {
            Path file = files.get(i);
            int[] decoded = new int[3];
            float[] pixels = ImageDecoder.decode(file, decoded);
            int[] out;
            try {
                out = transforms.outputShape(decoded);
            } catch (LlaException e) {
                throw LlaException.input(file + ": " + e.getMessage());
            }
            if (!Arrays.equals(out, shape)) {
                String after = transforms.isEmpty() ? ""
                        : " (" + Shapes.times(out) + " after " + transforms + ")";
                throw LlaException.input(file + ": image of " + Shapes.times(decoded) + after
                        + ", but the first image gives "
                        + Shapes.times(shape) + "; use --resize or --center-crop to bring all"
                        + " images to one size");
            }
            return transforms.apply(pixels, decoded);
        }
    }
}
