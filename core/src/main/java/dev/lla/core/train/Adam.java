package dev.lla.core.train;

import dev.lla.core.LlaException;
import dev.lla.core.spectrum.VectorSpace;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1) exactly as
 * {@code torch.optim.Adam} computes it (single-tensor path, no AMSGrad): at step t,
 *
 * <pre>
 *   g ← g + λ w                                   (weight decay, if λ > 0)
 *   m ← β1 m + (1 − β1) g
 *   v ← β2 v + (1 − β2) g ⊙ g
 *   denom = √v / √(1 − β2^t) + ε
 *   w ← w − (lr / (1 − β1^t)) · m ⊘ denom
 * </pre>
 *
 * The operations run in this order on the vectors' own precision (float32 on a model), as torch
 * does. Cost per step: about ten passes over P values, two extra P-vectors of memory besides m and v.
 */
final class Adam<V> implements Optimizer<V> {

    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";

    private final OptimizerSettings settings;
    private final VectorSpace<V> space;
    private final ElementwiseOps<V> ops;
    private final V expAvg;
    private final V expAvgSq;
    private final V denom;
    private long step;

    Adam(OptimizerSettings settings, VectorSpace<V> space, ElementwiseOps<V> ops) {
        this.settings = settings;
        this.space = space;
        this.ops = ops;
        this.expAvg = space.zeros();
        this.expAvgSq = space.zeros();
        this.denom = space.zeros();
    }

    @Override
    public void step(V weights, V gradient) {
        step++;
        double beta1 = settings.beta1();
        double beta2 = settings.beta2();
        if (settings.weightDecay() != 0) {
            space.axpy(settings.weightDecay(), weights, gradient);
        }
        space.scale(beta1, expAvg);
        space.axpy(1 - beta1, gradient, expAvg);
        space.scale(beta2, expAvgSq);
        ops.addProduct(1 - beta2, gradient, gradient, expAvgSq);
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        ops.sqrt(expAvgSq, denom);
        space.scale(1 / Math.sqrt(biasCorrection2), denom);
        ops.addScalar(settings.eps(), denom);
        // denom becomes m ⊘ denom: the step direction, before its scalar step size.
        ops.divide(expAvg, denom, denom);
        space.axpy(-settings.lr() / biasCorrection1, denom, weights);
    }

    @Override
    public long steps() {
        return step;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(step, Map.of(EXP_AVG, ops.toHost(expAvg), EXP_AVG_SQ, ops.toHost(expAvgSq)));
    }

    @Override
    public void restore(OptimizerState state) {
        ops.fromHost(buffer(state, EXP_AVG), expAvg);
        ops.fromHost(buffer(state, EXP_AVG_SQ), expAvgSq);
        step = state.step();
    }

    private float[] buffer(OptimizerState state, String name) {
        float[] values = state.buffers().get(name);
        if (values == null) {
            throw LlaException.input("the saved optimizer state has no " + name + " (not an Adam state)");
        }
        if (values.length != space.dimension()) {
            throw LlaException.input("the saved " + name + " has " + values.length + " values; the model has "
                    + space.dimension() + " parameters");
        }
        return values;
    }

    @Override
    public void close() {
        space.release(expAvg);
        space.release(expAvgSq);
        space.release(denom);
    }
}
