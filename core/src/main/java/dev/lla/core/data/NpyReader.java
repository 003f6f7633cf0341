package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0
 * (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): the magic
 * {@code \x93NUMPY}, a version, a little-endian header length (2 bytes in 1.0, 4 bytes later), a
 * header dict in Python literal syntax (Latin-1, UTF-8 from 3.0), then the raw data.
 *
 * <p>Fortran-ordered arrays are transposed into C order on reading, so every {@link NpyArray} is
 * row-major. Bytes after the declared data are rejected, as in {@link IdxReader}: they mean the
 * header and the data disagree.
 */
public final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy refuses headers over 10000 bytes by default; anything near a megabyte is corrupt. */
    private static final int MAX_HEADER = 1 << 20;

    private NpyReader() {}

    /** Reads a {@code .npy} file. */
    public static NpyArray read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw ReadFailure.of(file.toString(), e);
        }
    }

    /**
     * Reads one {@code .npy} array from {@code in}, which must end with the array.
     *
     * @param source names the stream in error messages, e.g. {@code data.npz (array 'x')}
     */
    public static NpyArray read(InputStream in, String source) {
        try {
            int[] version = readVersion(in, source);
            NpyHeader header = readHeader(in, source, version);
            NpyDtype dtype = NpyDtype.parse(header.descr()).orElseThrow(() -> LlaException.input(
                    source + ": unsupported dtype '" + header.descr() + "'; expected one of "
                            + NpyDtype.SUPPORTED));
            int[] shape = header.shape();
            String declared = Shapes.python(shape) + " " + dtype.numpyName();
            long count = Shapes.product(shape);
            // Compare the count first: product() saturates, and saturated × itemSize overflows.
            if (count > Shapes.MAX_ARRAY_LENGTH / dtype.itemSize()) {
                throw LlaException.input(source + ": array " + declared
                        + " is too large; lla holds at most 2 GiB per array in memory");
            }
            long bytes = count * dtype.itemSize();
            byte[] data = in.readNBytes((int) bytes);
            if (data.length < bytes) {
                throw LlaException.input(source + ": truncated: header declares " + declared
                        + " (" + bytes + " bytes of data) but only " + data.length + " follow");
            }
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw LlaException.input(source + ": " + extra + " unexpected bytes after the "
                        + declared + " data the header declares; expected the file to end there");
            }
            if (header.fortranOrder() && shape.length > 1) {
                data = fortranToC(data, shape, dtype.itemSize());
            }
            return new NpyArray(shape, dtype, ByteBuffer.wrap(data));
        } catch (IOException e) {
            throw ReadFailure.of(source, e);
        }
    }

    private static int[] readVersion(InputStream in, String source) throws IOException {
        byte[] prefix = in.readNBytes(MAGIC.length + 2);
        if (prefix.length < MAGIC.length
                || !Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw LlaException.input(source
                    + ": not a NumPy .npy array (it does not start with the \\x93NUMPY magic)");
        }
        if (prefix.length < MAGIC.length + 2) {
            throw LlaException.input(
                    source + ": truncated .npy header (file ends after the magic)");
        }
        int major = prefix[6] & 0xff;
        int minor = prefix[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw LlaException.input(source + ": unsupported .npy format version " + major + "."
                    + minor + "; expected 1.0, 2.0 or 3.0");
        }
        return new int[] {major, minor};
    }

    private static NpyHeader readHeader(InputStream in, String source, int[] version)
            throws IOException {
        int lengthBytes = version[0] == 1 ? 2 : 4;
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw LlaException.input(source + ": truncated .npy header (no header length)");
        }
        long length = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            length = (length << 8) | (lengthField[i] & 0xff);
        }
        if (length > MAX_HEADER) {
            throw LlaException.input(source + ": .npy header length " + length
                    + " bytes is implausible; the file is corrupt");
        }
        byte[] text = in.readNBytes((int) length);
        if (text.length < length) {
            throw LlaException.input(source + ": truncated .npy header: declares " + length
                    + " bytes, only " + text.length + " follow");
        }
        String header = new String(text,
                version[0] >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return NpyHeader.parse(header, source);
    }

    /**
     * Reorders column-major data into row-major. Walks the C-order index like an odometer (last
     * dimension fastest) while tracking the matching Fortran offset, so no division is needed.
     */
    private static byte[] fortranToC(byte[] src, int[] shape, int itemSize) {
        int rank = shape.length;
        long[] fortranStride = new long[rank];
        fortranStride[0] = 1;
        for (int k = 1; k < rank; k++) {
            fortranStride[k] = fortranStride[k - 1] * shape[k - 1];
        }
        int count = (int) Shapes.product(shape);
        byte[] dst = new byte[src.length];
        int[] index = new int[rank];
        long fortranOffset = 0;
        for (int c = 0; c < count; c++) {
            System.arraycopy(src, (int) fortranOffset * itemSize, dst, c * itemSize, itemSize);
            for (int k = rank - 1; k >= 0; k--) {
                index[k]++;
                fortranOffset += fortranStride[k];
                if (index[k] < shape[k]) {
                    break;
                }
                fortranOffset -= fortranStride[k] * shape[k];
                index[k] = 0;
            }
        }
        return dst;
    }
}
