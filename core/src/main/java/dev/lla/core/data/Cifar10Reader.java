package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the "binary version" of CIFAR-10 (https://www.cs.toronto.edu/~kriz/cifar.html): files of
 * 3073-byte records, each one label byte {@code 0..9} followed by 3072 pixel bytes, the 1024 red,
 * then 1024 green, then 1024 blue values of a 32×32 image, each plane row-major. No header, no
 * compression.
 *
 * <p>Samples are shaped {@code [3, 32, 32]} (channel 0 red, 1 green, 2 blue), pixels divided by
 * 255. CINIC-10 converted to this layout (same record format and file names) reads the same way.
 * If {@code batches.meta.txt} is given, its non-blank lines become the dataset's
 * {@linkplain Dataset#classNames() class names}.
 */
public final class Cifar10Reader {

    /** Bytes of one image: 3 channels of 32×32. */
    public static final int IMAGE_BYTES = 3 * 32 * 32;
    /** Bytes of one record: the label byte and the image. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** Number of classes: labels are {@code 0..9}. */
    public static final int CLASSES = 10;

    private static final int[] SAMPLE_SHAPE = {3, 32, 32};

    private Cifar10Reader() {}

    /**
     * Reads {@code batches} in the order given into one dataset.
     *
     * @param meta {@code batches.meta.txt} with the 10 class names, or {@code null}
     * @throws LlaException (input) naming the file if a file is missing, is not a whole number of
     *     records, or a record's label is above 9
     */
    public static Dataset read(List<Path> batches, Path meta) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no CIFAR-10 batch files to read");
        }
        long total = 0;
        for (Path batch : batches) {
            total += checkedSize(batch) / RECORD_BYTES;
        }
        if (total * IMAGE_BYTES > Shapes.MAX_ARRAY_LENGTH) {
            throw LlaException.input(batches.get(0) + ": " + total + " CIFAR-10 images are more"
                    + " than lla can hold in one array (2 GiB of floats)");
        }
        int n = (int) total;
        float[] pixels = new float[n * IMAGE_BYTES];
        int[] labels = new int[n];
        int next = 0;
        for (Path batch : batches) {
            next = readBatch(batch, pixels, labels, next);
        }
        if (next != n) {
            throw LlaException.input(batches.get(0) + ": the batch files changed while being"
                    + " read; read them again");
        }
        List<Path> files = new ArrayList<>(batches);
        String description = n + " samples of " + Shapes.times(SAMPLE_SHAPE) + " from CIFAR-10 "
                + (batches.size() == 1 ? batches.get(0)
                        : batches.size() + " batches in " + batches.get(0).getParent());
        Dataset dataset = new Dataset(pixels, SAMPLE_SHAPE, labels, description, files);
        return meta == null ? dataset : dataset.withClassNames(classNames(meta));
    }

    /** The class names of a {@code batches.meta.txt}: its non-blank lines, exactly 10. */
    public static List<String> classNames(Path meta) {
        List<String> names = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw ReadFailure.of(meta.toString(), e);
        }
        if (names.size() != CLASSES) {
            throw LlaException.input(meta + ": holds " + names.size() + " class names; expected "
                    + CLASSES + ", one per line");
        }
        return List.copyOf(names);
    }

    /** The size of a batch file, checked to be a whole number of records. */
    private static long checkedSize(Path batch) {
        long size;
        try {
            size = Files.size(batch);
        } catch (IOException e) {
            throw ReadFailure.of(batch.toString(), e);
        }
        long extra = size % RECORD_BYTES;
        if (extra != 0) {
            throw LlaException.input(batch + ": " + size + " bytes is not a whole number of "
                    + RECORD_BYTES + "-byte CIFAR-10 records (1 label byte + 3072 pixel bytes);"
                    + " record " + size / RECORD_BYTES + " (counting from 0) is incomplete, with "
                    + extra + " of " + RECORD_BYTES + " bytes (truncated file?)");
        }
        return size;
    }

    /** Reads one batch file into the arrays from sample {@code first}; returns the next sample. */
    private static int readBatch(Path batch, float[] pixels, int[] labels, int first) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(batch);
        } catch (IOException e) {
            throw ReadFailure.of(batch.toString(), e);
        }
        int records = bytes.length / RECORD_BYTES;
        if (bytes.length % RECORD_BYTES != 0 || first + records > labels.length) {
            throw LlaException.input(batch + ": the file changed while being read; read it again");
        }
        for (int r = 0; r < records; r++) {
            int offset = r * RECORD_BYTES;
            int label = bytes[offset] & 0xff;
            if (label >= CLASSES) {
                throw LlaException.input(batch + ": record " + r + " (counting from 0) has label "
                        + label + "; CIFAR-10 labels are 0..9 (CIFAR-100's binary records have"
                        + " two label bytes and are not read)");
            }
            int sample = first + r;
            labels[sample] = label;
            // The record's pixels are already [3, 32, 32] in C order: red plane, green, blue.
            int base = sample * IMAGE_BYTES;
            for (int j = 0; j < IMAGE_BYTES; j++) {
                pixels[base + j] = (bytes[offset + 1 + j] & 0xff) / 255f;
            }
        }
        return first + records;
    }
}
