package dev.lla.core.train;

import dev.lla.core.LlaException;
import dev.lla.core.spectrum.VectorSpace;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum as {@code torch.optim.SGD} computes it (no dampening,
 * no Nesterov): {@code g ← g + λw}; {@code b ← g} at the first step, else {@code b ← μ b + g};
 * {@code w ← w − lr·b} (with μ = 0: {@code w ← w − lr·g}).
 */
final class Sgd<V> implements Optimizer<V> {

    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final OptimizerSettings settings;
    private final VectorSpace<V> space;
    private final ElementwiseOps<V> ops;
    private final V buffer;
    private long step;

    Sgd(OptimizerSettings settings, VectorSpace<V> space, ElementwiseOps<V> ops) {
        this.settings = settings;
        this.space = space;
        this.ops = ops;
        this.buffer = space.zeros();
    }

    @Override
    public void step(V weights, V gradient) {
        if (settings.weightDecay() != 0) {
            space.axpy(settings.weightDecay(), weights, gradient);
        }
        V direction = gradient;
        if (settings.momentum() != 0) {
            if (step == 0) {
                space.copy(gradient, buffer);
            } else {
                space.scale(settings.momentum(), buffer);
                space.axpy(1, gradient, buffer);
            }
            direction = buffer;
        }
        space.axpy(-settings.lr(), direction, weights);
        step++;
    }

    @Override
    public long steps() {
        return step;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState(step, Map.of(MOMENTUM_BUFFER, ops.toHost(buffer)));
    }

    @Override
    public void restore(OptimizerState state) {
        float[] values = state.buffers().get(MOMENTUM_BUFFER);
        if (values == null || values.length != space.dimension()) {
            throw LlaException.input("the saved optimizer state has no " + MOMENTUM_BUFFER + " of "
                    + space.dimension() + " values (not an SGD state of this model)");
        }
        ops.fromHost(values, buffer);
        step = state.step();
    }

    @Override
    public void close() {
        space.release(buffer);
    }
}
