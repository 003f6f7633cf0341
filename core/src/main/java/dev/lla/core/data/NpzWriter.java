package dev.lla.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds NumPy {@code .npz} archives as {@code numpy.savez} writes them: an uncompressed (stored)
 * zip of {@code <name>.npy} members, each a format-1.0 {@code .npy} array in C order, little-endian.
 * {@code numpy.load(f)[name]} reads them back. The archive is returned as bytes, so that the
 * caller can write it atomically.
 */
public final class NpzWriter {

    private final Map<String, byte[]> members = new LinkedHashMap<>();

    /** Adds a float32 array of {@code shape} holding {@code values} in C order. */
    public NpzWriter addFloat32(String name, long[] shape, float[] values) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": shape needs " + count + " values, got " + values.length);
        }
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        return add(name, "<f4", shape, data.array());
    }

    /** Adds a 0-d int64 array (a scalar, {@code np.int64}). */
    public NpzWriter addInt64Scalar(String name, long value) {
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return add(name, "<i8", new long[0], data.array());
    }

    private NpzWriter add(String name, String descr, long[] shape, byte[] data) {
        if (members.containsKey(name)) {
            throw new IllegalArgumentException("array " + name + " added twice");
        }
        members.put(name, npy(descr, shape, data));
        return this;
    }

    /** The archive's bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                byte[] content = member.getValue();
                ZipEntry entry = new ZipEntry(member.getKey() + ".npy");
                // Stored, as numpy.savez: the sizes and CRC must be known before the data.
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(content.length);
                entry.setCompressedSize(content.length);
                CRC32 crc = new CRC32();
                crc.update(content);
                entry.setCrc(crc.getValue());
                // A fixed time, so that the same arrays give the same bytes.
                entry.setTime(315532800000L);
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build an npz archive in memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * One {@code .npy} file, format 1.0: magic, version, a 2-byte header length, then the header
     * dict padded with spaces and a newline so that the data starts at a multiple of 64 bytes.
     */
    static byte[] npy(String descr, long[] shape, byte[] data) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        dict.append("), }");
        int prefix = 10;
        int padded = ((prefix + dict.length() + 1 + 63) / 64) * 64 - prefix;
        while (dict.length() < padded - 1) {
            dict.append(' ');
        }
        dict.append('\n');
        byte[] header = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(prefix + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        out.putShort((short) header.length).put(header).put(data);
        return out.array();
    }
}
