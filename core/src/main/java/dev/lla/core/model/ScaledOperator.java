package dev.lla.core.model;

import dev.lla.core.landscape.TensorwiseOps;
import dev.lla.core.spectrum.LinearOperator;
import dev.lla.core.spectrum.VectorSpace;

/**
 * {@code D C D} for a diagonal {@code D = diag(w)} (--scale-invariant): the operator behind hesd's
 * scale-invariant spectra and landscape's scale-invariant Hessian axes, so it sits beside
 * {@link Curvature}. lla scales by the weights themselves, not their absolute values: with
 * {@code S = diag(sign w)}, {@code diag(w) C diag(w) = S (|D| C |D|) S} and {@code S} is orthogonal
 * and its own inverse, so both matrices have exactly the same spectrum and trace (docs/METHODS.md,
 * "Scale-invariant curvature"), and no absolute-value kernel is needed on the device. One work
 * vector, allocated once, serves every product.
 */
public final class ScaledOperator<V> implements LinearOperator<V>, AutoCloseable {

    private final VectorSpace<V> space;
    private final TensorwiseOps<V> ops;
    private final V weights;
    private final V scaled;
    private LinearOperator<V> inner;

    /** {@code weights} stays owned by the caller. */
    public ScaledOperator(VectorSpace<V> space, TensorwiseOps<V> ops, V weights) {
        this.space = space;
        this.ops = ops;
        this.weights = weights;
        this.scaled = space.zeros();
    }

    /** This scaling around {@code operator}. */
    public LinearOperator<V> around(LinearOperator<V> operator) {
        this.inner = operator;
        return this;
    }

    @Override
    public void apply(V x, V out) {
        space.copy(x, scaled);
        ops.multiply(scaled, weights);
        inner.apply(scaled, out);
        ops.multiply(out, weights);
    }

    @Override
    public void close() {
        space.release(scaled);
    }
}
