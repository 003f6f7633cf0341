package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lla.core.LlaException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Decodes ONNX {@code TensorProto}s (raw, typed-field or external data) into {@link ConstantTensor}s. */
final class OnnxTensors {

    private OnnxTensors() {}

    /**
     * Decodes {@code tensor} of the model file {@code model}; external data is read from the
     * file its {@code location} names, relative to the model's folder.
     */
    static ConstantTensor decode(TensorProto tensor, Path model) {
        int dtype = tensor.getDataType();
        if (dtype != ConstantTensor.FLOAT && dtype != ConstantTensor.DOUBLE && dtype != ConstantTensor.INT64
                && dtype != ConstantTensor.INT32 && dtype != ConstantTensor.BOOL) {
            throw LlaException.input(model + ": tensor " + tensor.getName() + " has ONNX element type " + dtype
                    + " (" + TensorProto.DataType.forNumber(dtype) + "); lla supports FLOAT, DOUBLE, INT64, INT32 and BOOL");
        }
        long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        int size = ConstantTensor.elementSize(dtype);
        if (count * size > Integer.MAX_VALUE) {
            throw LlaException.input(model + ": tensor " + tensor.getName() + " is larger than 2 GB");
        }
        byte[] data;
        if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            data = readExternal(tensor, model, count * size);
        } else if (!tensor.getRawData().isEmpty()) {
            data = tensor.getRawData().toByteArray();
        } else {
            data = typedFields(tensor, dtype, (int) count, size);
        }
        if (data.length != count * size) {
            throw LlaException.input(model + ": tensor " + tensor.getName() + " holds " + data.length
                    + " bytes for " + count + " elements of " + size + " bytes (truncated or corrupt)");
        }
        return new ConstantTensor(dtype, dims, data);
    }

    private static byte[] typedFields(TensorProto tensor, int dtype, int count, int size) {
        ByteBuffer out = ByteBuffer.allocate(count * size).order(ByteOrder.LITTLE_ENDIAN);
        int available = switch (dtype) {
            case ConstantTensor.FLOAT -> tensor.getFloatDataCount();
            case ConstantTensor.DOUBLE -> tensor.getDoubleDataCount();
            case ConstantTensor.INT64 -> tensor.getInt64DataCount();
            default -> tensor.getInt32DataCount(); // INT32 and BOOL
        };
        if (available != count) {
            return new byte[available * size];
        }
        for (int i = 0; i < count; i++) {
            switch (dtype) {
                case ConstantTensor.FLOAT -> out.putFloat(tensor.getFloatData(i));
                case ConstantTensor.DOUBLE -> out.putDouble(tensor.getDoubleData(i));
                case ConstantTensor.INT64 -> out.putLong(tensor.getInt64Data(i));
                case ConstantTensor.BOOL -> out.put((byte) (tensor.getInt32Data(i) != 0 ? 1 : 0));
                default -> out.putInt(tensor.getInt32Data(i));
            }
        }
        return out.array();
    }

    private static byte[] readExternal(TensorProto tensor, Path model, long expected) {
        String location = null;
        long offset = 0;
        long length = expected;
        for (StringStringEntryProto entry : tensor.getExternalDataList()) {
            switch (entry.getKey()) {
                case "location" -> location = entry.getValue();
                case "offset" -> offset = Long.parseLong(entry.getValue());
                case "length" -> length = Long.parseLong(entry.getValue());
                default -> { } // "checksum" and future keys do not change the bytes
            }
        }
        if (location == null) {
            throw LlaException.input(model + ": tensor " + tensor.getName() + " has external data without a location");
        }
        Path folder = model.toAbsolutePath().getParent();
        Path file = folder.resolve(location).normalize();
        if (!file.startsWith(folder)) {
            throw LlaException.input(model + ": tensor " + tensor.getName() + " names external data outside the"
                    + " model's folder (" + location + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw LlaException.input(model + ": external data file " + file + " of tensor " + tensor.getName()
                    + " not found; keep it beside the .onnx file");
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (offset + length > in.length()) {
                throw LlaException.input(model + ": external data file " + file + " is too short for tensor "
                        + tensor.getName() + " (truncated)");
            }
            byte[] data = new byte[(int) length];
            in.seek(offset);
            in.readFully(data);
            return data;
        } catch (IOException e) {
            throw LlaException.input(model + ": cannot read external data " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
