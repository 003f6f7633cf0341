package dev.lla.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes NumPy {@code .npz} archives as {@code numpy.savez} does: an uncompressed zip with one
 * {@code <name>.npy} member per array, each in NPY format version 1.0 (magic, header dict padded
 * so that the data starts at a multiple of 64 bytes, then the bytes in C order), byte for byte
 * what {@code numpy.save} writes. The result is a
 * byte array, so that the caller writes it whole or not at all; members carry a fixed timestamp,
 * so the same arrays give the same bytes.
 */
public final class NpzWriter {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    /** 1980-01-01, the zip format's earliest date: no wall-clock time in the file. */
    private static final long FIXED_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0)
            .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();

    /** NumPy's room for the first axis's length to grow in the header (numpy.lib.format). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private NpzWriter() {}

    /** The archive holding {@code arrays} (name → array, in this order). */
    public static byte[] toBytes(Map<String, NpyArray> arrays) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                byte[] member = npy(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(member.length);
                entry.setCompressedSize(member.length);
                CRC32 crc = new CRC32();
                crc.update(member);
                entry.setCrc(crc.getValue());
                entry.setTime(FIXED_TIME);
                zip.putNextEntry(entry);
                zip.write(member);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** One array in NPY 1.0 format. */
    static byte[] npy(NpyArray array) {
        String dict = "{'descr': '" + array.dtype().descriptor() + "', 'fortran_order': False, 'shape': "
                + Shapes.python(array.shape()) + ", }";
        // As NumPy 1.24: spare spaces to let the first axis grow in place, then padding so that
        // magic (8) + header length (2) + header + '\n' is a multiple of 64. Same bytes as np.save.
        int[] shape = array.shape();
        if (shape.length > 0) {
            dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
        }
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer data = array.data();
        byte[] out = new byte[MAGIC.length + 2 + header.length() + data.remaining()];
        ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        buffer.put(data);
        return out;
    }

    /** A little-endian float32 array of {@code shape} holding {@code values} in C order. */
    public static NpyArray float32(int[] shape, float[] values) {
        if (Shapes.product(shape) != values.length) {
            throw new IllegalArgumentException(
                    "shape " + Shapes.python(shape) + " needs " + Shapes.product(shape) + " values, got " + values.length);
        }
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        return new NpyArray(shape, NpyDtype.parse("<f4").orElseThrow(), data);
    }

    /** A 1-D little-endian float64 array of {@code values}. */
    public static NpyArray float64(double[] values) {
        ByteBuffer data = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asDoubleBuffer().put(values);
        return new NpyArray(new int[] {values.length}, NpyDtype.parse("<f8").orElseThrow(), data);
    }

    /** A 0-d little-endian int64 array. */
    public static NpyArray int64(long value) {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        return new NpyArray(new int[0], NpyDtype.parse("<i8").orElseThrow(), data);
    }

    /** A 1-D uint8 array of {@code bytes}, e.g. UTF-8 text ({@code bytes(a).decode()} in NumPy). */
    public static NpyArray uint8(byte[] bytes) {
        return new NpyArray(new int[] {bytes.length}, NpyDtype.parse("|u1").orElseThrow(), ByteBuffer.wrap(bytes.clone()));
    }
}
