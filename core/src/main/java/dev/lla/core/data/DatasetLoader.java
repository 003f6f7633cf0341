package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the dataset a {@link DataRequest} names, working out the format from the path unless the
 * request names one ({@link DataFormat}):
 *
 * <ul>
 *   <li>a directory holding the MNIST file names ({@code train-images-idx3-ubyte},
 *       {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 *       {@code t10k-labels-idx1-ubyte}, each optionally {@code .gz}; Fashion-MNIST uses the same
 *       names): the IDX pair of the requested split. Where both a plain and a {@code .gz} copy
 *       exist (torchvision keeps both) the plain one is read, as it is faster;
 *   <li>a directory holding {@code train.npz} / {@code test.npz}: the archive of the split (IDX
 *       files win if both are present);
 *   <li>a directory holding CIFAR-10 binary batches ({@code data_batch_1.bin} …
 *       {@code data_batch_5.bin}, {@code test_batch.bin}), itself or in its
 *       {@code cifar-10-batches-bin} subdirectory: every {@code data_batch_N.bin} present, in
 *       numeric order, for the train split, {@code test_batch.bin} for the test split;
 *   <li>an {@code .npz} file: its samples and labels arrays;
 *   <li>a {@code .csv} or {@code .csv.gz} file: see {@link CsvReader};
 *   <li>a CIFAR-10 batch file named as above: that batch alone;
 *   <li>a directory holding SVHN's {@code train_32x32.mat} / {@code test_32x32.mat}: the
 *       MAT-file of the split (IDX and NPZ files win if present);
 *   <li>a {@code .mat} file (MATLAB v5/v7): its SVHN variables {@code X} and {@code y};
 *   <li>an IDX images file with a labels file, or alone when its labels file lies next to it
 *       under the standard name;
 *   <li>a directory none of the above, with subfolders holding {@code .png}/{@code .jpg}/
 *       {@code .jpeg} files: an image folder, one subfolder per class, read by
 *       {@link ImageFolderReader}; if it holds {@code train/} and {@code test/} or {@code val/},
 *       the subfolder of the split ({@code val} serves as the test split).
 * </ul>
 *
 * <p>Files are recognised by their content as well as their name, so a renamed download works.
 */
public final class DatasetLoader {

    private static final String DIRECTORY_EXPECTED = "expected MNIST IDX files"
            + " (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
            + " t10k-labels-idx1-ubyte, each optionally .gz), train.npz/test.npz, CIFAR-10"
            + " batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin, here or in "
            + Cifar.SUBDIRECTORY + "/), SVHN's train_32x32.mat/test_32x32.mat or class subfolders"
            + " of PNG/JPEG images";

    private DatasetLoader() {}

    /** What a data file turned out to be. */
    private enum Format {
        NPZ, NPY, MAT, IDX_IMAGES, IDX_LABELS, UNKNOWN
    }

    /**
     * Finds, reads and validates the requested dataset, then applies its transforms.
     *
     * @throws LlaException (input) if the data is missing or unfit; (usage) if the request
     *     contradicts itself
     */
    public static Dataset load(DataRequest request) {
        Dataset dataset = resolve(request).read();
        return dataset.transformed(request.transforms());
    }

    /** Locates the data and its format without reading it. */
    public static DataSource resolve(DataRequest request) {
        Path data = request.data();
        if (!Files.exists(data)) {
            throw LlaException.input(data + ": no such file or directory; expected a dataset"
                    + " directory, an .npz, .mat, .csv or IDX images file");
        }
        DataFormat format = request.format();
        DataSource source;
        if (request.labels() != null) {
            if (format != DataFormat.AUTO && format != DataFormat.IDX) {
                throw LlaException.usage(data + ": a labels file (" + request.labels()
                        + ") pairs only with IDX images, but the data format is "
                        + format.label());
            }
            source = explicitPair(data, request.labels());
        } else if (format == DataFormat.AUTO) {
            source = Files.isDirectory(data) ? fromDirectory(data, request)
                    : fromFile(data, request);
        } else {
            source = Files.isDirectory(data) ? forcedDirectory(data, request)
                    : forcedFile(data, request);
        }
        if (!(source instanceof DataSource.Csv)
                && (request.labelColumn() != null || request.sampleShape() != null)) {
            throw LlaException.usage(data + ": a label column or sample shape applies only to CSV"
                    + " data, but this is read as " + source.format().label());
        }
        return source;
    }

    private static DataSource csv(Path file, DataRequest request) {
        return new DataSource.Csv(file, request.labelColumn(), request.sampleShape());
    }

    /** A directory read as the format the request names. */
    private static DataSource forcedDirectory(Path dir, DataRequest request) {
        Split split = request.split();
        String format = request.format().label();
        switch (request.format()) {
            case IDX -> {
                DataSource idx = idxPair(dir, split);
                if (idx != null) {
                    return idx;
                }
                throw LlaException.usage(dir + ": the data format is " + format + ", but the"
                        + " directory holds no " + split.idxImagesNames().get(0) + "[.gz] and "
                        + split.idxLabelsNames().get(0) + "[.gz]");
            }
            case NPZ -> {
                Path npz = dir.resolve(split.npzName());
                if (Files.isRegularFile(npz)) {
                    return new DataSource.Npz(npz, request.xArray(), request.yArray());
                }
                throw LlaException.usage(dir + ": the data format is " + format + ", but the"
                        + " directory holds no " + split.npzName());
            }
            case CIFAR10 -> {
                Path cifarDir = Cifar.directory(dir);
                if (cifarDir == null) {
                    throw LlaException.usage(dir + ": the data format is " + format + ", but"
                            + " neither the directory nor " + Cifar.SUBDIRECTORY + "/ in it holds "
                            + Cifar.expected(split));
                }
                return Cifar.source(cifarDir, split);
            }
            case CSV -> throw LlaException.usage(dir + ": is a directory, but the data format is "
                    + format + "; name the .csv file");
            case SVHN -> {
                Path mat = dir.resolve(split.svhnName());
                if (Files.isRegularFile(mat)) {
                    return new DataSource.Mat(mat);
                }
                throw LlaException.usage(dir + ": the data format is " + format + ", but the"
                        + " directory holds no " + split.svhnName());
            }
            case IMAGEFOLDER -> {
                return new DataSource.ImageFolder(ImageFolderReader.splitFolder(dir, split));
            }
            default -> throw new IllegalStateException(request.format().toString());
        }
    }

    /** A file read as the format the request names, refusing files that are clearly another. */
    private static DataSource forcedFile(Path file, DataRequest request) {
        DataFormat format = request.format();
        if (format == DataFormat.IMAGEFOLDER) {
            throw LlaException.usage(file + ": is a file, but the data format is "
                    + format.label() + "; name the folder of class subfolders");
        }
        Format found = sniff(file);
        boolean fits = switch (format) {
            case IDX -> found != Format.NPZ && found != Format.NPY;
            case NPZ -> found == Format.NPZ;
            // A CIFAR-10 record can start with bytes that look like an IDX magic, so only
            // recognisably NumPy files are refused.
            case CIFAR10 -> found != Format.NPZ && found != Format.NPY;
            case CSV -> found == Format.UNKNOWN;
            case SVHN -> found == Format.MAT;
            default -> throw new IllegalStateException(format.toString());
        };
        if (!fits) {
            throw LlaException.usage(file + ": the data format is " + format.label()
                    + ", but this is " + describe(found));
        }
        return switch (format) {
            case IDX -> found == Format.IDX_LABELS
                    ? fromFile(file, request) : new DataSource.Idx(file, siblingLabels(file));
            case NPZ -> new DataSource.Npz(file, request.xArray(), request.yArray());
            case CIFAR10 -> Cifar.single(file);
            case SVHN -> new DataSource.Mat(file);
            default -> csv(file, request);
        };
    }

    private static String describe(Format format) {
        return switch (format) {
            case NPZ -> "an .npz archive";
            case NPY -> "a NumPy .npy array";
            case MAT -> "a MAT-file";
            case IDX_IMAGES -> "an IDX images file";
            case IDX_LABELS -> "an IDX labels file";
            case UNKNOWN -> "not a zip archive (an .npz starts with PK)";
        };
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
        String name = data.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return csv(data, request);
        }
        if (Cifar.isBatchName(name)) {
            return Cifar.single(data);
        }
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
                    + " an .npz archive, a .mat file, a .csv file, an IDX images file, a CIFAR-10"
                    + " batch file (data_batch_N.bin, test_batch.bin) or a dataset directory");
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

    /**
     * The IDX pair of {@code split} in {@code dir}, or null if neither file is there.
     *
     * @throws LlaException (input) if only one of the two is there
     */
    private static DataSource idxPair(Path dir, Split split) {
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
        return null;
    }

    private static DataSource fromDirectory(Path dir, DataRequest request) {
        Split split = request.split();
        DataSource idx = idxPair(dir, split);
        if (idx != null) {
            return idx;
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
        Path cifarDir = Cifar.directory(dir);
        if (cifarDir != null) {
            return Cifar.source(cifarDir, split);
        }
        Path images = ImageFolderReader.splitFolder(dir, split);
        if (ImageFolderReader.looksLike(images)) {
            return new DataSource.ImageFolder(images);
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

    /** Where CIFAR-10 binary batches lie and which of them make a split. */
    private static final class Cifar {

        static final String SUBDIRECTORY = "cifar-10-batches-bin";
        static final String TEST_BATCH = "test_batch.bin";
        static final String META = "batches.meta.txt";
        private static final Pattern TRAIN_BATCH = Pattern.compile("data_batch_(\\d{1,9})\\.bin");

        private Cifar() {}

        static boolean isBatchName(String name) {
            return name.equals(TEST_BATCH) || TRAIN_BATCH.matcher(name).matches();
        }

        /** One batch file, with the class names next to it if there. */
        static DataSource single(Path file) {
            return new DataSource.Cifar10(List.of(file), meta(file.resolveSibling(META)));
        }

        /** {@code dir} or its {@link #SUBDIRECTORY} if either holds a batch file; or null. */
        static Path directory(Path dir) {
            for (Path candidate : List.of(dir, dir.resolve(SUBDIRECTORY))) {
                if (Files.isDirectory(candidate) && !batchNames(candidate).isEmpty()) {
                    return candidate;
                }
            }
            return null;
        }

        /** The batches of {@code split} in {@code dir}, which holds at least one batch file. */
        static DataSource source(Path dir, Split split) {
            List<String> all = batchNames(dir);
            List<Path> batches = all.stream()
                    .filter(name -> name.equals(TEST_BATCH) == (split == Split.TEST))
                    .map(dir::resolve).toList();
            if (batches.isEmpty()) {
                throw LlaException.input(dir + ": no " + split.label() + " split of CIFAR-10;"
                        + " expected " + expected(split) + ", but found only "
                        + String.join(", ", all));
            }
            return new DataSource.Cifar10(batches, meta(dir.resolve(META)));
        }

        static String expected(Split split) {
            return split == Split.TEST ? TEST_BATCH
                    : "data_batch_1.bin … data_batch_5.bin (any of them)";
        }

        private static Path meta(Path meta) {
            return Files.isRegularFile(meta) ? meta : null;
        }

        /** Batch file names in {@code dir}: the training batches in numeric order, then test. */
        private static List<String> batchNames(Path dir) {
            List<String> train = new ArrayList<>();
            boolean test = false;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (Files.isRegularFile(file) && TRAIN_BATCH.matcher(name).matches()) {
                        train.add(name);
                    } else if (Files.isRegularFile(file) && name.equals(TEST_BATCH)) {
                        test = true;
                    }
                }
            } catch (IOException e) {
                throw ReadFailure.of(dir.toString(), e);
            } catch (DirectoryIteratorException e) {
                throw ReadFailure.of(dir.toString(), e.getCause());
            }
            train.sort(Comparator.comparingInt(Cifar::batchNumber)
                    .thenComparing(Comparator.naturalOrder()));
            if (test) {
                train.add(TEST_BATCH);
            }
            return train;
        }

        private static int batchNumber(String name) {
            Matcher m = TRAIN_BATCH.matcher(name);
            return m.matches() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
        }
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
