package dev.lla.core.model;

import dev.lla.core.spectrum.LinearOperator;

/**
 * The Hessian of the mean loss on one batch, reached through exact Hessian-vector products. The
 * gradient graph is built once when this object is made; each {@link #apply} is one backward
 * pass through it. Closing frees the graph.
 *
 * @param <V> the parameter-vector type of the model's space
 */
public interface BatchHessian<V> extends LinearOperator<V>, AutoCloseable {

    /** Mean loss of the batch at the current weights. */
    double loss();

    /** Samples whose arg-max output is the label. */
    long correct();

    /** Samples in the batch. */
    int size();

    @Override
    void close();
}
