package dev.lla.core.landscape;

import dev.lla.core.LlaException;
import dev.lla.core.model.Models;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.VectorSpace;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Landscape axes towards other checkpoints of the same network (loss-landscapes; Li et al. 2018,
 * sec. 3 "1-dimensional linear interpolation"): {@code d1 = w1 − w0} and, for a plane, {@code d2 =
 * w2 − w0}, so that {@code w0 + α d1 + β d2} is the model at (0, 0) and checkpoint k at the k-th
 * unit point. Only trainable parameters move: BatchNorm running statistics stay the model's.
 */
public final class ModelAxes {

    private ModelAxes() {}

    /**
     * The way from {@code w0} to each of {@code checkpoints} (one per dimension), normalized as
     * {@code config} says (none keeps the checkpoints at the unit points). Each checkpoint is
     * loaded on {@code device}, its weights read on the device, and closed before the grid starts.
     */
    public static <V> Directions<V> of(TrainableModel<V> model, List<Path> checkpoints, String device, V w0,
            LandscapeConfig config) {
        if (checkpoints.size() != config.dims()) {
            throw LlaException.usage("--axes models with --dims " + config.dims() + " needs " + config.dims()
                    + " checkpoint(s) in --to, got " + checkpoints.size());
        }
        VectorSpace<V> space = model.parameterSpace();
        V d1 = towards(model, checkpoints.get(0), device, w0);
        V d2 = null;
        try {
            d2 = checkpoints.size() == 2 ? towards(model, checkpoints.get(1), device, w0) : null;
        } catch (RuntimeException e) {
            space.release(d1);
            throw e;
        }
        return Directions.normalized(space, model.tensorwise(), w0, d1, d2, config);
    }

    /** {@code w_checkpoint − w0}, on the device. */
    private static <V> V towards(TrainableModel<V> model, Path checkpoint, String device, V w0) {
        VectorSpace<V> space = model.parameterSpace();
        V d = space.zeros();
        try (TrainableModel<?> other = Models.open(checkpoint, device)) {
            requireSameParameters(model, other, checkpoint);
            readInto(other, d);
        } catch (RuntimeException e) {
            space.release(d);
            throw e;
        }
        space.axpy(-1, w0, d);
        return d;
    }

    /**
     * Reads {@code other}'s weights into {@code out}, a vector of the model's space: both were
     * opened by {@link Models#open} on the same device with the same parameter types, so they share
     * the vector type and the copy stays on the device.
     */
    @SuppressWarnings("unchecked")
    private static <V> void readInto(TrainableModel<?> other, V out) {
        ((TrainableModel<V>) other).readWeights(out);
    }

    private static void requireSameParameters(TrainableModel<?> model, TrainableModel<?> other, Path checkpoint) {
        List<ParameterInfo> mine = model.parameters();
        List<ParameterInfo> theirs = other.parameters();
        for (int i = 0; i < Math.max(mine.size(), theirs.size()); i++) {
            if (i >= theirs.size()) {
                throw LlaException.input(checkpoint + ": has no parameter '" + mine.get(i).name()
                        + "' (it has " + theirs.size() + " parameters, the model " + mine.size() + ")");
            }
            if (i >= mine.size()) {
                throw LlaException.input(checkpoint + ": has a parameter '" + theirs.get(i).name()
                        + "' that the model lacks (it has " + theirs.size() + " parameters, the model " + mine.size() + ")");
            }
            ParameterInfo a = mine.get(i);
            ParameterInfo b = theirs.get(i);
            if (!a.name().equals(b.name())) {
                throw LlaException.input(checkpoint + ": parameter " + (i + 1) + " is '" + b.name()
                        + "', the model's is '" + a.name() + "'; interpolation needs checkpoints of the same network");
            }
            if (!Arrays.equals(a.shape(), b.shape())) {
                throw LlaException.input(checkpoint + ": parameter '" + a.name() + "' has shape "
                        + Arrays.toString(b.shape()) + ", the model's has " + Arrays.toString(a.shape()));
            }
        }
        if (model.parameterSpace().unitRoundoff() != other.parameterSpace().unitRoundoff()) {
            throw LlaException.input(checkpoint + ": its parameters have another floating-point type than the model's");
        }
    }
}
