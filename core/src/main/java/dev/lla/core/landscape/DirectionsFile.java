package dev.lla.core.landscape;

import dev.lla.core.LlaException;
import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.NpzWriter;
import dev.lla.core.model.ParameterArrays;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.VectorSpace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A landscape's final directions saved for reuse ({@code directions.npz}), so that two models or
 * datasets are compared on the same axes. NumPy reads it: arrays {@code "d1/<parameter name>"}
 * and, for a plane, {@code "d2/<parameter name>"} (float32, the parameter's shape), and
 * {@code "metadata"}, UTF-8 JSON as uint8 bytes ({@code json.loads(z["metadata"].tobytes())}).
 */
public final class DirectionsFile {

    private static final String FIRST = "d1/";
    private static final String SECOND = "d2/";
    private static final String METADATA = "metadata";

    private DirectionsFile() {}

    /**
     * Directions read from a file, flat in parameter order.
     *
     * @param d1 first direction
     * @param d2 second direction, or null if the file holds one
     * @param metadata the metadata bytes (UTF-8 JSON), empty if absent
     */
    public record Saved(float[] d1, float[] d2, byte[] metadata) {}

    /** The archive's bytes for {@code d1} and {@code d2} (null in 1D) of a model with {@code parameters}. */
    public static byte[] toBytes(List<ParameterInfo> parameters, float[] d1, float[] d2, byte[] metadata) {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        put(arrays, FIRST, parameters, d1);
        if (d2 != null) {
            put(arrays, SECOND, parameters, d2);
        }
        arrays.put(METADATA, NpzWriter.uint8(metadata));
        return NpzWriter.toBytes(arrays);
    }

    /** The host copies of a pair's directions and the archive's bytes; one device-to-host copy each. */
    public static <V> byte[] toBytes(TrainableModel<V> model, Directions<V> pair, byte[] metadata) {
        TensorwiseOps<V> ops = model.tensorwise();
        return toBytes(model.parameters(), ops.toFloats(pair.d1()), pair.d2() == null ? null : ops.toFloats(pair.d2()),
                metadata);
    }

    private static void put(Map<String, NpyArray> arrays, String prefix, List<ParameterInfo> parameters, float[] flat) {
        int offset = 0;
        for (ParameterInfo p : parameters) {
            int size = Math.toIntExact(p.size());
            float[] values = java.util.Arrays.copyOfRange(flat, offset, offset + size);
            int[] shape = java.util.Arrays.stream(p.shape()).mapToInt(Math::toIntExact).toArray();
            arrays.put(prefix + p.name(), NpzWriter.float32(shape, values));
            offset += size;
        }
    }

    /**
     * Reads the directions in {@code file} for a model with {@code parameters}; a file that does
     * not fit (a missing or extra parameter, another shape) is a one-line input error naming the
     * parameter.
     */
    public static Saved read(Path file, List<ParameterInfo> parameters) {
        List<String> names = NpzReader.arrayNames(file);
        if (!ParameterArrays.any(names, FIRST)) {
            throw LlaException.input(file + ": no directions (arrays 'd1/<parameter>', as lla landscape writes them"
                    + " in directions.npz)");
        }
        float[] d1 = ParameterArrays.read(file, names, FIRST, parameters, true);
        float[] d2 = ParameterArrays.any(names, SECOND) ? ParameterArrays.read(file, names, SECOND, parameters, true) : null;
        byte[] metadata = new byte[0];
        if (names.contains(METADATA)) {
            NpyArray m = NpzReader.read(file, METADATA);
            metadata = new byte[m.size()];
            m.data().get(metadata);
        }
        return new Saved(d1, d2, metadata);
    }

    /**
     * The saved pair on the device, as it is (no orthogonalization; normalized only if
     * {@code config} asks for a normalization other than none).
     */
    public static <V> Directions<V> directions(TrainableModel<V> model, Saved saved, V w0, LandscapeConfig config) {
        if (config.dims() == 2 && saved.d2() == null) {
            throw LlaException.usage("the directions file holds one direction (d1); a surface needs two: use --dims 1");
        }
        VectorSpace<V> space = model.parameterSpace();
        TensorwiseOps<V> ops = model.tensorwise();
        V d1 = ParameterArrays.toDevice(space, ops, saved.d1());
        V d2 = config.dims() == 2 ? ParameterArrays.toDevice(space, ops, saved.d2()) : null;
        return Directions.normalized(space, ops, w0, d1, d2, config);
    }
}
