package dev.lla.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes float64 arrays in NumPy's {@code .npy} format (version 1.0), so that Python users can
 * {@code np.load} a result directly: little-endian {@code <f8}, C order, the header padded with
 * spaces to a multiple of 64 bytes as NumPy writes it.
 */
public final class NpyWriter {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGNMENT = 64;

    private NpyWriter() {}

    /** A 1-D array of {@code values}. */
    public static byte[] float64(double[] values) {
        return float64(values, values.length);
    }

    /** A 2-D array of the rows of {@code grid} (all of one length). */
    public static byte[] float64(double[][] grid) {
        int columns = grid.length == 0 ? 0 : grid[0].length;
        double[] flat = new double[grid.length * columns];
        for (int i = 0; i < grid.length; i++) {
            if (grid[i].length != columns) {
                throw new IllegalArgumentException("row " + i + " has " + grid[i].length + " values, not " + columns);
            }
            System.arraycopy(grid[i], 0, flat, i * columns, columns);
        }
        return float64(flat, grid.length, columns);
    }

    /** {@code values} in C order with {@code shape}, whose product must be their number. */
    public static byte[] float64(double[] values, int... shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("shape of " + size + " values for " + values.length);
        }
        byte[] header = header(shape);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + header.length + 8 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putShort((short) header.length).put(header);
        for (double v : values) {
            out.putDouble(v);
        }
        return out.array();
    }

    /** The header dictionary, padded so that the data starts on a 64-byte boundary. */
    private static byte[] header(int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + dims.substring(0, Math.max(0, dims.length() - 2)) + ")";
        StringBuilder text = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': " + tuple + ", }");
        int unpadded = MAGIC.length + 2 + text.length() + 1;
        text.append(" ".repeat((ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT)).append('\n');
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
