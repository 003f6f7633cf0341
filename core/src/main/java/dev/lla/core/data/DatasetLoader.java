package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Loads the dataset a {@link DataRequest} names, working out the format from the path:
 *
 * <ul>
 *   <li>a directory holding the MNIST file names ({@code train-images-idx3-ubyte},
 *       {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 *       {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}; Fashion-MNIST uses the same
 *       names): the IDX pair of the requested split. Where both a plain and a {@code .gz} copy
 *       exist (torchvision keeps both) the plain one is read, as it is faster;
 *   <li>a directory holding {@code train.npz} / {@code test.npz}: the archive of the split (IDX
 *       files win if both are present);
 *   <li>a directory holding SVHN's {@code train_32x32.mat} / {@code test_32x32.mat}: the
 *       MAT-file of the split (IDX and NPZ files win if present);
 *   <li>an {@code .npz} file: its samples and labels arrays;
 *   <li>a {@code .mat} file (MATLAB v5/v7): its SVHN variables {@code X} and {@code y};
 *   <li>an IDX images file with a labels file, or alone when its labels file lies next to it
 *       under the standard name.
 * </ul>
 *
 * <p>Files are recognised by their content as well as their name, so a renamed download works.
 */
public final class DatasetLoader {

    private static final String DIRECTORY_EXPECTED = "expected MNIST IDX files"
            + " (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
            + " t10k-labels-idx1-ubyte, each optionally .gz), train.npz/test.npz, or SVHN's"
            + " train_32x32.mat/test_32x32.mat";

    private DatasetLoader() {}

    /** What a data file turned out to be. */
    private enum Format {
        NPZ, NPY, MAT, IDX_IMAGES, IDX_LABELS, UNKNOWN
    }

    /**
     * Finds, reads, validates and normalizes the requested dataset.
     *
     * @throws LlaException (input) if the data is missing or unfit; (usage) if the request
     *     contradicts itself
     */
    public static Dataset load(DataRequest request) {
        Dataset dataset = resolve(request).read();
        return request.normalization() == null
                ? dataset : dataset.normalized(request.normalization());
    }

    /** Locates the data and its format without reading it. */
    public static DataSource resolve(DataRequest request) {
        Path data = request.data();
        if (!Files.exists(data)) {
            throw LlaException.input(data + ": no such file or directory; expected a dataset"
                    + " directory, an .npz file, a .mat file or an IDX images file");
        }
        if (request.labels() != null) {
            return explicitPair(data, request.labels());
        }
        return Files.isDirectory(data) ? fromDirectory(data, request) : fromFile(data, request);
    }

    private static DataSource explicitPair(Path data, Path labels) {
        if (!Files.exists(labels)) {
            throw LlaException.input(labels + ": no such file; expected an IDX labels file");
        }
        if (Files.isDirectory(labels)) {
            throw LlaException.input(labels + ": is a directory; expected an IDX labels file");
        }
        if (Files.isDirectory(data)) {
            throw LlaException.usage(data + ": is a directory, but a labels file (" + labels
                    + ") pairs only with an IDX images file; drop the labels file or name the"
                    + " images file");
        }
        Format format = sniff(data);
        if (format == Format.NPZ) {
            throw LlaException.usage(data + ": is an .npz archive, which holds its own labels;"
                    + " a labels file (" + labels + ") pairs only with an IDX images file");
        }
        if (format == Format.MAT) {
            throw LlaException.usage(data + ": is a MAT-file, which holds its own labels (y);"
                    + " a labels file (" + labels + ") pairs only with an IDX images file");
        }
        if (format == Format.NPY) {
            throw LlaException.usage(data + ": is a NumPy .npy array; a labels file (" + labels
                    + ") pairs only with an IDX images file (save NumPy data with"
                    + " numpy.savez('data.npz', x=samples, y=labels))");
        }
        // Anything else is read as IDX, whose reader reports a wrong magic precisely.
        return new DataSource.Idx(data, labels);
    }

    private static DataSource fromFile(Path data, DataRequest request) {
        return switch (sniff(data)) {
            case NPZ -> new DataSource.Npz(data, request.xArray(), request.yArray());
            case MAT -> new DataSource.Mat(data);
            case NPY -> throw LlaException.input(data + ": a single .npy array holds no labels;"
                    + " save samples and labels together with"
                    + " numpy.savez('data.npz', x=samples, y=labels)");
            case IDX_IMAGES -> new DataSource.Idx(data, siblingLabels(data));
            case IDX_LABELS -> throw LlaException.usage(data + ": is an IDX labels file; pass the"
                    + " images file as the data and this one as the labels file");
            case UNKNOWN -> throw LlaException.input(data + ": unrecognised data format; expected"
                    + " an .npz archive, a .mat file, an IDX images file, or a directory of MNIST"
                    + " IDX files");
        };
    }

    /**
     * The labels file named like an images file
     * ({@code x-images-idx3-ubyte → x-labels-idx1-ubyte}).
     */
    private static Path siblingLabels(Path images) {
        String name = images.getFileName().toString();
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        String labels = base.replace("images-idx3-ubyte", "labels-idx1-ubyte")
                .replace("images.idx3-ubyte", "labels.idx1-ubyte");
        if (!labels.equals(base)) {
            Path found = find(images.resolveSibling("."), List.of(labels));
            if (found != null) {
                return images.resolveSibling(found.getFileName());
            }
            throw LlaException.usage(images + ": an IDX images file needs its labels file; none"
                    + " found next to it as " + labels + "[.gz], so pass the labels file");
        }
        throw LlaException.usage(images + ": an IDX images file needs its labels file; pass the"
                + " labels file");
    }

    private static DataSource fromDirectory(Path dir, DataRequest request) {
        Split split = request.split();
        Path images = find(dir, split.idxImagesNames());
        Path labels = find(dir, split.idxLabelsNames());
        if (images != null && labels != null) {
            return new DataSource.Idx(images, labels);
        }
        if (images != null || labels != null) {
            Path present = images != null ? images : labels;
            String missing = (images == null ? split.idxImagesNames() : split.idxLabelsNames())
                    .get(0);
            throw LlaException.input(dir + ": found " + present.getFileName() + " but not "
                    + missing + "[.gz]; the " + split.label() + " split needs both");
        }
        Path npz = dir.resolve(split.npzName());
        if (Files.isRegularFile(npz)) {
            return new DataSource.Npz(npz, request.xArray(), request.yArray());
        }
        Path mat = dir.resolve(split.svhnName());
        if (Files.isRegularFile(mat)) {
            return new DataSource.Mat(mat);
        }
        List<String> others = filesOf(dir, split == Split.TRAIN ? Split.TEST : Split.TRAIN);
        if (!others.isEmpty()) {
            throw LlaException.input(dir + ": no " + split.label() + " split; expected "
                    + split.idxImagesNames().get(0) + "[.gz] and " + split.idxLabelsNames().get(0)
                    + "[.gz], " + split.npzName() + ", or " + split.svhnName() + ", but found only "
                    + String.join(", ", others));
        }
        throw LlaException.input(dir + ": no dataset found; " + DIRECTORY_EXPECTED);
    }

    /** The first of {@code names} present in {@code dir}, plain before {@code .gz}; or null. */
    private static Path find(Path dir, List<String> names) {
        for (String name : names) {
            for (String candidate : new String[] {name, name + ".gz"}) {
                Path path = dir.resolve(candidate);
                if (Files.isRegularFile(path)) {
                    return path;
                }
            }
        }
        return null;
    }

    /** Names of the files of {@code split} present in {@code dir}, for messages. */
    private static List<String> filesOf(Path dir, Split split) {
        List<String> found = new ArrayList<>();
        List<String> names = new ArrayList<>(split.idxImagesNames());
        names.addAll(split.idxLabelsNames());
        for (String name : names) {
            Path path = find(dir, List.of(name));
            if (path != null) {
                found.add(path.getFileName().toString());
            }
        }
        for (String name : List.of(split.npzName(), split.svhnName())) {
            if (Files.isRegularFile(dir.resolve(name))) {
                found.add(name);
            }
        }
        return found;
    }

    /** Recognises a file by its name and first bytes. */
    private static Format sniff(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return Format.NPZ;
        }
        if (name.endsWith(".npy")) {
            return Format.NPY;
        }
        if (name.endsWith(".mat")) {
            return Format.MAT;
        }
        try {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(6);
            }
            if (head.length >= 4 && head[0] == 'P' && head[1] == 'K'
                    && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
                return Format.NPZ;
            }
            if (Arrays.equals(head, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'})) {
                return Format.NPY;
            }
            // The text every MAT-file header starts with, v7.3 (HDF5) included.
            if (Arrays.equals(head, new byte[] {'M', 'A', 'T', 'L', 'A', 'B'})) {
                return Format.MAT;
            }
            int magic = IdxReader.peekMagic(file);
            if (magic == IdxReader.IMAGES_MAGIC) {
                return Format.IDX_IMAGES;
            }
            if (magic == IdxReader.LABELS_MAGIC) {
                return Format.IDX_LABELS;
            }
            // Another IDX variant (float images, 4 dimensions...): let the IDX reader explain
            // precisely what it found instead of calling the format unrecognised.
            boolean otherIdx = magic > 0 && (magic >>> 16) == 0 && (magic & 0xff) > 0;
            return otherIdx ? Format.IDX_IMAGES : Format.UNKNOWN;
        } catch (IOException e) {
            throw ReadFailure.of(file.toString(), e);
        }
    }
}
