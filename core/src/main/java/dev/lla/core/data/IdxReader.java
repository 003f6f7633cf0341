package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files MNIST and Fashion-MNIST are distributed as (byte layout at
 * http://yann.lecun.com/exdb/mnist/): a big-endian int32 magic {@code 0x000008NN} (unsigned bytes,
 * {@code NN} dimensions), then {@code NN} big-endian int32 dimension sizes, then the data.
 *
 * <p>Images must be {@code 0x00000803} (count × rows × cols) and labels {@code 0x00000801}
 * (count).
 * Files may be plain or gzip-compressed; compression is recognised by the gzip magic
 * {@code 1f 8b}, not by the name, since downloads are often renamed or decompressed in place.
 *
 * <p>Bytes after the declared data are rejected: the format has no footer, so a longer file means
 * the header understates the data, and silently dropping the rest would train on a wrong file.
 */
public final class IdxReader {

    /** Magic of unsigned-byte images: type 0x08, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of unsigned-byte labels: type 0x08, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int BUFFER = 1 << 16;

    private IdxReader() {}

    /**
     * Images read from an IDX file, scaled from {@code 0..255} to {@code [0, 1]}.
     *
     * @param count number of images
     * @param rows image height
     * @param cols image width
     * @param pixels {@code count × rows × cols} floats in C order
     */
    public record Images(int count, int rows, int cols, float[] pixels) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Images i && count == i.count && rows == i.rows
                    && cols == i.cols && Arrays.equals(pixels, i.pixels);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * count + rows) + cols) + Arrays.hashCode(pixels);
        }

        @Override
        public String toString() {
            return "Images[" + count + " × " + rows + "×" + cols + "]";
        }
    }

    /**
     * Reads an images file and its labels file into a dataset of samples shaped
     * {@code [1, rows, cols]}.
     *
     * @throws LlaException (input) if either file is missing, malformed or truncated, or their
     *     counts differ
     */
    public static Dataset read(Path images, Path labels) {
        Images x = readImages(images);
        int[] y = readLabels(labels);
        if (y.length != x.count()) {
            throw LlaException.input(labels + ": holds " + y.length + " labels but " + images
                    + " holds " + x.count() + " images; both files must come from the same split");
        }
        int[] sampleShape = {1, x.rows(), x.cols()};
        String description = x.count() + " samples of " + Shapes.times(sampleShape)
                + " from IDX " + images + " with labels " + labels;
        return new Dataset(x.pixels(), sampleShape, y, description, List.of(images, labels));
    }

    /** Reads an IDX images file ({@code 0x00000803} magic), pixels divided by 255. */
    public static Images readImages(Path file) {
        String source = file.toString();
        try (DataInputStream in = open(file)) {
            int[] dims = readHeader(in, source, IMAGES_MAGIC, "IDX images");
            int count = dims[0];
            int rows = dims[1];
            int cols = dims[2];
            if (rows == 0 || cols == 0) {
                throw LlaException.input(source + ": images of " + rows + "×" + cols
                        + " pixels are empty; expected positive rows and columns");
            }
            byte[] data = readData(in, source, dims, count + " images of " + rows + "×" + cols);
            float[] pixels = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                pixels[i] = (data[i] & 0xff) / 255f;
            }
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw ReadFailure.of(source, e);
        }
    }

    /** Reads an IDX labels file ({@code 0x00000801} magic): one class 0..255 per sample. */
    public static int[] readLabels(Path file) {
        String source = file.toString();
        try (DataInputStream in = open(file)) {
            int[] dims = readHeader(in, source, LABELS_MAGIC, "IDX labels");
            byte[] data = readData(in, source, dims, dims[0] + " labels");
            int[] labels = new int[data.length];
            for (int i = 0; i < data.length; i++) {
                labels[i] = data[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw ReadFailure.of(source, e);
        }
    }

    /**
     * Reads the magic of an IDX file, plain or gzip, or returns {@code -1} if the file is shorter
     * than four bytes. Used to recognise a file without trusting its name.
     */
    static int peekMagic(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            byte[] b = in.readNBytes(4);
            return b.length < 4 ? -1 : ByteBuffer.wrap(b).getInt();
        }
    }

    /** Opens a file, inserting a gzip decoder when the content starts with the gzip magic. */
    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
            }
            return new DataInputStream(in);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Reads and checks the magic and the dimension sizes; returns the sizes. */
    private static int[] readHeader(DataInputStream in, String source, int expectedMagic,
            String what) throws IOException {
        byte[] magicBytes = in.readNBytes(4);
        if (magicBytes.length < 4) {
            throw LlaException.input(source + ": only " + magicBytes.length
                    + " bytes, too short for an IDX header; expected " + what);
        }
        int magic = ByteBuffer.wrap(magicBytes).getInt();
        if (magic != expectedMagic) {
            throw LlaException.input(String.format(
                    "%s: bad magic number 0x%08X, expected 0x%08X (%s)%s", source, magic,
                    expectedMagic, what, hint(magic, expectedMagic)));
        }
        int rank = magic & 0xff;
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw LlaException.input(source + ": truncated header: " + what + " need " + rank
                    + " dimension sizes, but the file ends after " + (4 + dimBytes.length)
                    + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(dimBytes);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = buffer.getInt();
            if (dims[i] < 0) {
                throw LlaException.input(source + ": dimension " + i + " of the header is "
                        + dims[i] + "; expected a non-negative size (corrupt header?)");
            }
        }
        return dims;
    }

    /** Reads exactly the bytes the header declares, rejecting short and over-long files. */
    private static byte[] readData(DataInputStream in, String source, int[] dims, String declared)
            throws IOException {
        long expected = Shapes.product(dims);
        if (expected > Shapes.MAX_ARRAY_LENGTH) {
            throw LlaException.input(source + ": header declares " + declared + ", " + expected
                    + " bytes, more than lla can hold in one array (2 GiB)");
        }
        // readNBytes grows its buffer as data arrives, so a lying header cannot make us
        // allocate its claimed size up front.
        byte[] data = in.readNBytes((int) expected);
        if (data.length < expected) {
            throw LlaException.input(source + ": truncated: header declares " + declared + " ("
                    + expected + " bytes of data) but only " + data.length + " follow");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw LlaException.input(source + ": " + extra + " unexpected bytes after the "
                    + declared + " the header declares; expected the file to end there");
        }
        return data;
    }

    /** Explains a wrong magic when it is recognisably another IDX variant. */
    private static String hint(int magic, int expected) {
        if (expected == IMAGES_MAGIC && magic == LABELS_MAGIC) {
            return "; this is an IDX labels file: are the images and labels files swapped?";
        }
        if (expected == LABELS_MAGIC && magic == IMAGES_MAGIC) {
            return "; this is an IDX images file: are the images and labels files swapped?";
        }
        String type = switch ((magic >>> 8) & 0xff) {
            case 0x08 -> "unsigned bytes";
            case 0x09 -> "signed bytes";
            case 0x0B -> "int16";
            case 0x0C -> "int32";
            case 0x0D -> "float32";
            case 0x0E -> "float64";
            default -> null;
        };
        if ((magic >>> 16) != 0 || type == null) {
            return "; not an IDX file";
        }
        return "; found IDX " + type + " with " + (magic & 0xff)
                + " dimensions, but lla reads only unsigned-byte images (3 dimensions) and labels"
                + " (1 dimension)";
    }
}
