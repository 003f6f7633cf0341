package dev.lla.core.train;

import dev.lla.core.LlaException;
import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.NpzWriter;
import dev.lla.core.model.ParameterArrays;
import dev.lla.core.model.ParameterInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer state as an NPZ file beside its checkpoint: for every buffer and parameter an array
 * {@code <buffer>/<parameter name>} of the parameter's shape (float32), e.g.
 * {@code exp_avg/conv1.weight}, plus {@code step}, an int64 scalar. NumPy reads it with
 * {@code np.load(f)["exp_avg/conv1.weight"]}.
 */
public final class OptimizerStateFile {

    static final String STEP = "step";

    private OptimizerStateFile() {}

    /** The file-name suffix of a state of {@code kind}: {@code .adam.npz} or {@code .sgd.npz}. */
    public static String suffix(OptimizerSettings.Kind kind) {
        return "." + kind.label() + ".npz";
    }

    /** The buffers a state of {@code kind} holds, in file order. */
    static List<String> buffers(OptimizerSettings.Kind kind) {
        return switch (kind) {
            case ADAM -> List.of(Adam.EXP_AVG, Adam.EXP_AVG_SQ);
            case SGD -> List.of(Sgd.MOMENTUM_BUFFER);
        };
    }

    /** The NPZ bytes of {@code state}, its flat buffers cut into {@code parameters}. */
    public static byte[] toNpz(OptimizerState state, List<ParameterInfo> parameters) {
        Map<String, NpyArray> npz = new LinkedHashMap<>();
        for (String buffer : state.buffers().keySet().stream().sorted().toList()) {
            float[] flat = state.buffers().get(buffer);
            int offset = 0;
            for (ParameterInfo p : parameters) {
                int size = Math.toIntExact(p.size());
                int[] shape = Arrays.stream(p.shape()).mapToInt(Math::toIntExact).toArray();
                npz.put(buffer + "/" + p.name(), NpzWriter.float32(shape, Arrays.copyOfRange(flat, offset, offset + size)));
                offset += size;
            }
            if (offset != flat.length) {
                throw new IllegalArgumentException(buffer + " has " + flat.length + " values, the parameters " + offset);
            }
        }
        npz.put(STEP, NpzWriter.int64(state.step()));
        return NpzWriter.toBytes(npz);
    }

    /**
     * Reads a state of {@code kind} for a model with {@code parameters}.
     *
     * @throws LlaException (input) naming the missing array or the parameter whose shape differs
     */
    public static OptimizerState read(Path file, OptimizerSettings.Kind kind, List<ParameterInfo> parameters) {
        List<String> names = NpzReader.arrayNames(file);
        NpyArray step = names.contains(STEP) ? NpzReader.read(file, STEP) : null;
        if (step == null || step.rank() != 0 || !step.dtype().isInteger()) {
            throw LlaException.input(file + ": no integer scalar 'step' (the optimizer's step count)");
        }
        Map<String, float[]> buffers = new LinkedHashMap<>();
        for (String buffer : buffers(kind)) {
            buffers.put(buffer, ParameterArrays.read(file, names, buffer + "/", parameters, false));
        }
        return new OptimizerState(step.getLong(0), buffers);
    }
}
