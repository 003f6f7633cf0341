package dev.lla.core.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor whose values the translator knows: an initializer or a {@code Constant} node's value.
 *
 * @param dtype the ONNX element type ({@code TensorProto.DataType} number)
 * @param dims the shape; empty for a scalar
 * @param data the elements, little-endian, row-major, as both ONNX raw data and torch storages hold them
 */
record ConstantTensor(int dtype, long[] dims, byte[] data) {

    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int DOUBLE = 11;
    static final int BOOL = 9;

    boolean isFloatingPoint() {
        return dtype == FLOAT || dtype == DOUBLE;
    }

    long elementCount() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    static int elementSize(int dtype) {
        return dtype == INT64 || dtype == DOUBLE ? 8 : dtype == BOOL ? 1 : 4;
    }

    /** The elements as longs (integer tensors only). */
    long[] longs() {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[(int) elementCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (dtype) {
                case INT64 -> buffer.getLong();
                case INT32 -> buffer.getInt();
                case BOOL -> buffer.get();
                default -> throw new IllegalStateException("not an integer tensor: ONNX type " + dtype);
            };
        }
        return values;
    }

    /** The elements as doubles (any supported type). */
    double[] doubles() {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[(int) elementCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (dtype) {
                case FLOAT -> buffer.getFloat();
                case DOUBLE -> buffer.getDouble();
                case INT64 -> buffer.getLong();
                case INT32 -> buffer.getInt();
                case BOOL -> buffer.get();
                default -> throw new IllegalStateException("unsupported ONNX type " + dtype);
            };
        }
        return values;
    }

    /** The torch {@code ScalarType} number of this element type, as TorchScript literals write it. */
    int torchType() {
        return switch (dtype) {
            case FLOAT -> 6;
            case DOUBLE -> 7;
            case INT64 -> 4;
            case INT32 -> 3;
            default -> 11; // BOOL
        };
    }

    @Override
    public String toString() {
        return "ConstantTensor[type " + dtype + ", shape " + Arrays.toString(dims) + "]";
    }
}
