package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Source;
import us.hebi.matlab.mat.types.Sources;

/**
 * Reads a labelled image dataset from a MATLAB v5/v7 MAT-file laid out as the SVHN "cropped
 * digits" files ({@code train_32x32.mat}, {@code test_32x32.mat}, {@code extra_32x32.mat},
 * http://ufldl.stanford.edu/housenumbers/) are.
 *
 * <p>Images {@code X}: uint8, {@code H×W×C×N} in MATLAB's column-major order, i.e. element
 * {@code X(row, col, channel, n)}; SVHN has {@code 32×32×3×N}. Each image becomes a sample
 * {@code [C, H, W]} in C order (lla's {@code (n, channel, row, col)}), scaled to {@code [0, 1]}
 * by dividing by 255.
 *
 * <p>Labels {@code y}: a vector of {@code N} whole numbers in {@code 1..10}, of any numeric class
 * (SVHN stores uint8 or double). SVHN writes the digit 0 as label 10, so label 10 becomes class 0
 * and every other label is its digit: classes {@code 0..9} match the digit shown.
 *
 * <p>MAT-files of version 7.3 are HDF5 files and are not read; the message says how to re-save
 * one. Decoding is left to MFL ({@code us.hebi.matlab.mat:mfl-core}), which also inflates the
 * compressed variables MATLAB writes by default.
 *
 * <p>Cost: the file's {@code X} is held once as bytes by MFL and once as floats (4 bytes per
 * pixel, 0.9 GB for SVHN's training split) while the dataset is built.
 */
public final class SvhnReader {

    /** Name of the images variable. */
    public static final String IMAGES = "X";
    /** Name of the labels variable. */
    public static final String LABELS = "y";
    /** The label SVHN gives the digit 0. */
    public static final int ZERO_LABEL = 10;

    private static final int HEADER_SIZE = 128;
    private static final int VERSION_5 = 0x0100;
    private static final int VERSION_73 = 0x0200;
    private static final String RESAVE = "re-save it as a v7 MAT-file (MATLAB: save(file, 'X',"
            + " 'y', '-v7'); Python: scipy.io.savemat(file, {'X': X, 'y': y}))";

    private SvhnReader() {}

    /**
     * Reads {@code X} and {@code y} from {@code file}.
     *
     * @throws LlaException (input) naming the file if it is not a v5/v7 MAT-file, is corrupt or
     *     truncated, lacks {@code X} or {@code y}, or they do not fit the rules above
     */
    public static Dataset read(Path file) {
        checkHeader(file);
        List<String> names = new ArrayList<>();
        try (Source source = Sources.openFile(file.toFile());
                Mat5File mat = Mat5.newReader(source)
                        .setEntryFilter(header -> {
                            names.add(header.getName());
                            return header.getName().equals(IMAGES)
                                    || header.getName().equals(LABELS);
                        })
                        .readMat()) {
            Matrix x = variable(file, mat, IMAGES, names);
            Matrix y = variable(file, mat, LABELS, names);
            return dataset(file, x, y);
        } catch (LlaException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(file, e);
        }
    }

    /**
     * The one-line error for what MFL threw: it wraps the real cause (an end of file, or an
     * unchecked exception on malformed content) in an IOException whose message is the cause's
     * class name, and never names the file.
     */
    private static LlaException failure(Path file, Exception e) {
        Throwable cause = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof BufferUnderflowException) {
                return LlaException.input(file + ": file ends early (truncated?)", e);
            }
            cause = t;
        }
        if (cause == e && e instanceof IOException io) {
            return ReadFailure.of(file.toString(), io);
        }
        String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return LlaException.input(file + ": corrupt MAT-file ("
                + ReadFailure.oneLine(cause.getClass().getSimpleName() + message) + ")", e);
    }

    /**
     * Checks the 128-byte MAT-file header: descriptive text starting {@code MATLAB}, a version
     * and an endian indicator ({@code IM} little-endian, {@code MI} big-endian) at bytes 124–127.
     * Catches v7.3 (HDF5) files, which MFL cannot read, with a message that says what to do.
     */
    private static void checkHeader(Path file) {
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(HEADER_SIZE);
        } catch (IOException e) {
            throw ReadFailure.of(file.toString(), e);
        }
        if (header.length >= 4 && (header[0] & 0xff) == 0x89 && header[1] == 'H'
                && header[2] == 'D' && header[3] == 'F') {
            throw LlaException.input(file + ": is an HDF5 file (MATLAB -v7.3?), which lla does"
                    + " not read; " + RESAVE);
        }
        String text = new String(header, 0, Math.min(header.length, 6), StandardCharsets.US_ASCII);
        if (!text.equals("MATLAB")) {
            throw LlaException.input(file + ": not a MAT-file (no 'MATLAB' header text); expected"
                    + " a MATLAB v5/v7 MAT-file with variables X and y, as SVHN's train_32x32.mat");
        }
        if (header.length < HEADER_SIZE) {
            throw LlaException.input(file + ": file ends early (truncated?) within the 128-byte"
                    + " MAT-file header");
        }
        ByteOrder order;
        if (header[126] == 'I' && header[127] == 'M') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (header[126] == 'M' && header[127] == 'I') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw LlaException.input(file + ": corrupt MAT-file header (no IM/MI endian indicator"
                    + " at byte 126)");
        }
        int version = ByteBuffer.wrap(header, 124, 2).order(order).getShort() & 0xffff;
        if (version == VERSION_73) {
            throw LlaException.input(file + ": is a MATLAB v7.3 MAT-file (HDF5), which lla does"
                    + " not read; " + RESAVE);
        }
        if (version != VERSION_5) {
            throw LlaException.input(file + ": unsupported MAT-file version 0x"
                    + String.format("%04x", version) + "; expected a v5/v7 MAT-file (0x0100)");
        }
    }

    /** The real numeric matrix {@code name}, or an input error saying what is there instead. */
    private static Matrix variable(Path file, MatFile mat, String name, List<String> names) {
        Array array = null;
        for (MatFile.Entry entry : mat.getEntries()) {
            if (entry.getName().equals(name)) {
                array = entry.getValue();
                break;
            }
        }
        if (array == null) {
            throw LlaException.input(file + ": no variable '" + name + "' (found: "
                    + (names.isEmpty() ? "none" : String.join(", ", names)) + "); expected "
                    + IMAGES + " (uint8 images, H×W×C×N) and " + LABELS + " (labels 1..10), as"
                    + " in SVHN's MAT-files");
        }
        if (!(array instanceof Matrix matrix) || !isNumeric(array.getType())
                || matrix.isComplex()) {
            String what = array instanceof Matrix m && m.isComplex()
                    ? "complex " + className(array.getType()) : className(array.getType());
            throw LlaException.input(file + ": variable '" + name + "' is a MATLAB " + what
                    + " array; expected "
                    + (name.equals(IMAGES) ? "uint8 images" : "numeric labels"));
        }
        return matrix;
    }

    private static Dataset dataset(Path file, Matrix x, Matrix y) {
        int[] dims = x.getDimensions();
        if (x.getType() != MatlabType.UInt8 || x.isLogical()) {
            throw LlaException.input(file + ": variable 'X' is " + className(x)
                    + "; expected uint8 pixels 0..255 as in SVHN (convert with uint8(X) in"
                    + " MATLAB)");
        }
        if (dims.length != 4) {
            throw LlaException.input(file + ": variable 'X' has shape " + Shapes.times(dims)
                    + "; expected 4 dimensions H×W×C×N (SVHN: 32×32×3×N; MATLAB drops a trailing"
                    + " N of 1, so a single image cannot be told from many)");
        }
        int height = dims[0];
        int width = dims[1];
        int channels = dims[2];
        int n = dims[3];
        int[] sampleShape = {channels, height, width};
        if (n > 0 && Shapes.product(sampleShape) == 0) {
            throw LlaException.input(file + ": variable 'X' has shape " + Shapes.times(dims)
                    + ", an empty image; expected positive H×W×C");
        }
        if (Shapes.product(dims) > Shapes.MAX_ARRAY_LENGTH) {
            throw LlaException.input(file + ": variable 'X' (" + Shapes.times(dims) + ") holds "
                    + Shapes.product(dims) + " pixels, more than one Java array can hold; split"
                    + " the file");
        }
        int[] yDims = y.getDimensions();
        int nonSingleton = 0;
        for (int d : yDims) {
            nonSingleton += d == 1 ? 0 : 1;
        }
        if (nonSingleton > 1) {
            throw LlaException.input(file + ": variable 'y' has shape " + Shapes.times(yDims)
                    + "; expected a vector of " + n + " labels (N×1)");
        }
        if (y.getNumElements() != n) {
            throw LlaException.input(file + ": variable 'y' holds " + y.getNumElements()
                    + " labels but 'X' holds " + n + " images; expected one label per image");
        }

        float[] samples = samples(x, height, width, channels, n);
        int[] labels = labels(file, y);
        String description = n + " samples of " + Shapes.times(sampleShape) + " from MAT-file "
                + file + " (X: uint8 " + Shapes.times(dims) + ", y: " + className(y)
                + ", label 10 read as 0)";
        return new Dataset(samples, sampleShape, labels, description, List.of(file));
    }

    /**
     * Moves {@code X(r, c, k, i)}, at column-major index {@code r + H(c + W(k + C i))}, to C-order
     * index {@code ((i C + k) H + r) W + c}, dividing by 255. The inner loop walks the source
     * contiguously.
     */
    private static float[] samples(Matrix x, int height, int width, int channels, int n) {
        float[] out = new float[height * width * channels * n];
        int source = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < channels; k++) {
                int plane = (i * channels + k) * height * width;
                for (int c = 0; c < width; c++) {
                    for (int r = 0; r < height; r++) {
                        out[plane + r * width + c] = (x.getByte(source++) & 0xff) / 255f;
                    }
                }
            }
        }
        return out;
    }

    /** Labels {@code 1..10}, with 10 (SVHN's digit 0) mapped to 0. */
    private static int[] labels(Path file, Matrix y) {
        int[] out = new int[y.getNumElements()];
        for (int i = 0; i < out.length; i++) {
            double v = y.getDouble(i);
            if (!(v >= 1 && v <= ZERO_LABEL) || v != Math.rint(v)) {
                throw LlaException.input(file + ": variable 'y' holds " + format(v)
                        + " at index " + i + " (MATLAB y(" + (i + 1) + ")); expected SVHN labels"
                        + " 1..10, where 10 means the digit 0");
            }
            out[i] = (int) v == ZERO_LABEL ? 0 : (int) v;
        }
        return out;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v) : Double.toString(v);
    }

    private static boolean isNumeric(MatlabType type) {
        return switch (type) {
            case Double, Single, Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64 -> true;
            default -> false;
        };
    }

    /** MATLAB's class name of a matrix: {@code uint8}, {@code double}, {@code logical}. */
    private static String className(Matrix matrix) {
        return matrix.isLogical() ? "logical" : className(matrix.getType());
    }

    private static String className(MatlabType type) {
        return switch (type) {
            case Cell -> "cell";
            case Structure -> "struct";
            case Object -> "object";
            case Character -> "char";
            case Sparse -> "sparse";
            case Function -> "function handle";
            case Opaque -> "opaque";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }
}
