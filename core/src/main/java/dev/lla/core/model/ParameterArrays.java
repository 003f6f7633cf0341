package dev.lla.core.model;

import dev.lla.core.LlaException;
import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpzReader;
import dev.lla.core.landscape.TensorwiseOps;
import dev.lla.core.spectrum.VectorSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-parameter arrays in an {@code .npz} archive, named {@code <prefix><parameter name>} (e.g.
 * {@code exp_avg/fc1.weight}), read as one flat vector in the model's {@code named_parameters()}
 * order: Adam moments, optimizer state, saved landscape directions. Whatever does not fit the
 * model is a one-line input error naming the parameter.
 */
public final class ParameterArrays {

    private ParameterArrays() {}

    /**
     * The arrays {@code prefix + name} for every parameter, flattened and concatenated in
     * parameter order, after checking that each exists, has the parameter's shape and finite
     * values. With {@code exact}, an array under {@code prefix} that names no parameter is an
     * error too (a file made for another model).
     */
    public static float[] read(Path file, List<String> names, String prefix, List<ParameterInfo> parameters, boolean exact) {
        Set<String> expected = new HashSet<>();
        List<String> wanted = new ArrayList<>();
        for (ParameterInfo p : parameters) {
            String name = prefix + p.name();
            expected.add(name);
            if (!names.contains(name)) {
                throw LlaException.input(file + ": no array '" + name + "' for the model's parameter '" + p.name()
                        + "' (the file holds " + count(names, prefix) + " arrays under '" + prefix + "', the model has "
                        + parameters.size() + " parameters)");
            }
            wanted.add(name);
        }
        if (exact) {
            for (String name : names) {
                if (name.startsWith(prefix) && !expected.contains(name)) {
                    throw LlaException.input(file + ": array '" + name + "' names no parameter of the model"
                            + " (the file was made for another model)");
                }
            }
        }
        Map<String, NpyArray> arrays = NpzReader.read(file, wanted);
        long total = parameters.stream().mapToLong(ParameterInfo::size).sum();
        float[] flat = new float[Math.toIntExact(total)];
        int offset = 0;
        for (ParameterInfo p : parameters) {
            String name = prefix + p.name();
            NpyArray array = arrays.get(name);
            long[] shape = Arrays.stream(array.shape()).asLongStream().toArray();
            if (!Arrays.equals(shape, p.shape())) {
                throw LlaException.input(file + ": array '" + name + "' has shape " + Arrays.toString(shape)
                        + ", the model's parameter '" + p.name() + "' has " + Arrays.toString(p.shape()));
            }
            if (array.dtype().kind() != dev.lla.core.data.NpyDtype.Kind.FLOAT) {
                throw LlaException.input(file + ": array '" + name + "' is " + array.dtype().numpyName()
                        + "; expected float32 or float64");
            }
            float[] values = array.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw LlaException.input(file + ": array '" + name + "' holds a non-finite value at index " + i);
                }
            }
            System.arraycopy(values, 0, flat, offset, values.length);
            offset += values.length;
        }
        return flat;
    }

    /** Whether the archive holds any array under {@code prefix}. */
    public static boolean any(List<String> names, String prefix) {
        return count(names, prefix) > 0;
    }

    private static long count(List<String> names, String prefix) {
        return names.stream().filter(n -> n.startsWith(prefix)).count();
    }

    /** A new device vector holding {@code values} (one host-to-device copy, when the axes are made). */
    public static <V> V toDevice(VectorSpace<V> space, TensorwiseOps<V> ops, float[] values) {
        V v = space.zeros();
        int[] next = {0};
        ops.fill(v, () -> values[next[0]++]);
        return v;
    }
}
