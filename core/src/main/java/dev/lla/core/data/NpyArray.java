package dev.lla.core.data;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An n-dimensional array read from a {@code .npy} file or {@code .npz} member: its shape, its
 * element type, and its raw bytes in C (row-major) order.
 *
 * <p>The bytes are kept in the file's own type rather than widened to double, so a uint8 image set
 * costs one byte per pixel until it is converted; the accessors convert element by element.
 *
 * @param shape the dimensions; empty for a 0-d array
 * @param dtype the element type and byte order of {@code data}
 * @param data {@code size() × dtype.itemSize()} bytes in C order
 */
public record NpyArray(int[] shape, NpyDtype dtype, ByteBuffer data) {

    public NpyArray {
        shape = shape.clone();
        long bytes = Shapes.product(shape) * dtype.itemSize();
        if (data.capacity() != bytes) {
            throw new IllegalArgumentException("array of shape " + Shapes.python(shape) + " and "
                    + dtype.numpyName() + " needs " + bytes + " bytes, got " + data.capacity());
        }
        // Read-only, and only absolute gets below, so no position state is shared.
        data = data.asReadOnlyBuffer().order(dtype.order());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** A read-only view of the bytes in the dtype's byte order. */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(dtype.order());
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return (int) Shapes.product(shape);
    }

    /** Element {@code i} (in C order) as a double: exact for all types except 64-bit integers. */
    public double getDouble(int i) {
        return switch (dtype.kind()) {
            case FLOAT -> dtype.itemSize() == 4
                    ? data.getFloat(4 * i) : data.getDouble(8 * i);
            case UNSIGNED -> dtype.itemSize() == 8 ? unsignedToDouble(data.getLong(8 * i))
                    : getLong(i);
            default -> getLong(i);
        };
    }

    /**
     * Element {@code i} of an integer or bool array as a long (bool as 0 or 1).
     *
     * @throws IllegalStateException for a float array
     * @throws ArithmeticException for a uint64 value above {@link Long#MAX_VALUE}
     */
    public long getLong(int i) {
        int n = dtype.itemSize();
        return switch (dtype.kind()) {
            case BOOL -> data.get(i) != 0 ? 1 : 0;
            case SIGNED -> switch (n) {
                case 1 -> data.get(i);
                case 2 -> data.getShort(2 * i);
                case 4 -> data.getInt(4 * i);
                default -> data.getLong(8 * i);
            };
            case UNSIGNED -> switch (n) {
                case 1 -> data.get(i) & 0xffL;
                case 2 -> data.getShort(2 * i) & 0xffffL;
                case 4 -> data.getInt(4 * i) & 0xffffffffL;
                default -> {
                    long v = data.getLong(8 * i);
                    if (v < 0) {
                        throw new ArithmeticException(Long.toUnsignedString(v)
                                + " does not fit in a signed 64-bit integer");
                    }
                    yield v;
                }
            };
            case FLOAT -> throw new IllegalStateException(
                    "getLong on a " + dtype.numpyName() + " array");
        };
    }

    /** All elements as floats (float64 rounded to nearest). */
    public float[] toFloatArray() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype.kind() == NpyDtype.Kind.FLOAT && dtype.itemSize() == 4
                    ? data.getFloat(4 * i) : (float) getDouble(i);
        }
        return out;
    }

    /** All elements as doubles. */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /**
     * All elements of an integer or bool array as longs.
     *
     * @throws IllegalStateException for a float array
     */
    public long[] toLongArray() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyArray a && Arrays.equals(shape, a.shape)
                && dtype.equals(a.dtype) && data.equals(a.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + dtype.hashCode()) + data.hashCode();
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype.numpyName() + " " + Shapes.python(shape) + "]";
    }

    private static double unsignedToDouble(long v) {
        // Halve, convert, double: exact to the same precision as the signed conversion.
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
    }
}
