package dev.lla.core.train;

import dev.lla.core.spectrum.VectorSpace;

/**
 * A first-order optimizer on flat parameter vectors. Its buffers live in the vector space (on the
 * device for a model), so a step moves no parameter vector to the host.
 *
 * @param <V> the parameter-vector type
 */
public interface Optimizer<V> extends AutoCloseable {

    /**
     * One update of {@code weights} in place from {@code gradient} (which the step may overwrite).
     */
    void step(V weights, V gradient);

    /** Steps taken so far. */
    long steps();

    /** The state for a checkpoint (one host copy per buffer). */
    OptimizerState state();

    /** Continues from a checkpoint's state. */
    void restore(OptimizerState state);

    /** Releases the buffers. */
    @Override
    void close();

    /** A new optimizer of {@code settings} with empty state. */
    static <V> Optimizer<V> of(OptimizerSettings settings, VectorSpace<V> space, ElementwiseOps<V> ops) {
        return switch (settings.kind()) {
            case ADAM -> new Adam<>(settings, space, ops);
            case SGD -> new Sgd<>(settings, space, ops);
        };
    }
}
