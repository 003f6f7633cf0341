package dev.lla.core.landscape;

import dev.lla.core.LlaException;
import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpzReader;
import dev.lla.core.model.ParameterArrays;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.VectorSpace;
import java.nio.file.Path;
import java.util.List;

/**
 * Landscape axes from Adam's moment estimates (METHODS.md, "Loss landscape"; LLA): d1 = the first
 * moment {@code exp_avg}, d2 = the second moment {@code exp_avg_sq}, read from the file that
 * {@code lla train} writes beside a checkpoint ({@code "exp_avg/<name>"}, {@code
 * "exp_avg_sq/<name>"}, {@code "step"}). Either the two moments span a plane ({@link #linear}),
 * or LLA's adameq mode steps along Adam's update direction {@code m1/(√m2 + 1e-6)} ({@link #adameq}).
 */
public final class AdamAxes {

    /** LLA's epsilon in the adameq update direction {@code m1/(√m2 + ε)}, as in Adam. */
    public static final double ADAMEQ_EPSILON = 1e-6;

    private static final String FIRST = "exp_avg/";
    private static final String SECOND = "exp_avg_sq/";

    private AdamAxes() {}

    /**
     * The moments of every parameter, flat in parameter order.
     *
     * @param first {@code exp_avg}
     * @param second {@code exp_avg_sq}, never negative
     * @param step Adam's step count, or null if the file has none
     */
    public record Moments(float[] first, float[] second, Long step) {}

    /** Reads and checks the moments in {@code file} for a model with {@code parameters}. */
    public static Moments read(Path file, List<ParameterInfo> parameters) {
        List<String> names = NpzReader.arrayNames(file);
        if (!ParameterArrays.any(names, FIRST) && !ParameterArrays.any(names, SECOND)) {
            throw LlaException.input(file + ": no Adam moments (arrays 'exp_avg/<parameter>' and"
                    + " 'exp_avg_sq/<parameter>', as lla train writes them in checkpoints/epoch-NNNN.adam.npz)");
        }
        float[] first = ParameterArrays.read(file, names, FIRST, parameters, true);
        float[] second = ParameterArrays.read(file, names, SECOND, parameters, true);
        for (int i = 0; i < second.length; i++) {
            if (second[i] < 0) {
                throw LlaException.input(file + ": exp_avg_sq has a negative entry (" + second[i] + " at flat index " + i
                        + "); a second moment is never negative");
            }
        }
        Long step = null;
        if (names.contains("step")) {
            NpyArray s = NpzReader.read(file, "step");
            step = s.size() == 1 && s.dtype().isInteger() ? s.getLong(0) : null;
        }
        return new Moments(first, second, step);
    }

    /**
     * d1 = exp_avg and, in 2D, d2 = exp_avg_sq, normalized against {@code w0} as {@code config}
     * says and not orthogonalized (the moments are the axes, as they are).
     */
    public static <V> Directions<V> linear(TrainableModel<V> model, Moments moments, V w0, LandscapeConfig config) {
        VectorSpace<V> space = model.parameterSpace();
        TensorwiseOps<V> ops = model.tensorwise();
        V d1 = ParameterArrays.toDevice(space, ops, moments.first());
        V d2 = config.dims() == 2 ? ParameterArrays.toDevice(space, ops, moments.second()) : null;
        return Directions.normalized(space, ops, w0, d1, d2, config);
    }

    /**
     * LLA's adameq direction {@code d1 = m1/(√m2 + 1e-6)}, not normalized; computed once in double
     * on the host from the file's values (which are there already) and copied to the device.
     */
    public static <V> Directions<V> adameq(TrainableModel<V> model, Moments moments) {
        float[] update = new float[moments.first().length];
        for (int i = 0; i < update.length; i++) {
            update[i] = (float) (moments.first()[i] / (Math.sqrt(moments.second()[i]) + ADAMEQ_EPSILON));
        }
        VectorSpace<V> space = model.parameterSpace();
        V d1 = ParameterArrays.toDevice(space, model.tensorwise(), update);
        return new Directions<>(d1, null, space.norm(d1), Double.NaN, Double.NaN);
    }
}
