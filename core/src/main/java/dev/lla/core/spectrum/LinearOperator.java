package dev.lla.core.spectrum;

/**
 * A symmetric linear operator {@code A} on a {@link VectorSpace}, such as a Hessian reached only
 * through Hessian-vector products.
 *
 * @param <V> the vector type
 */
@FunctionalInterface
public interface LinearOperator<V> {

    /** {@code out ← A·x}. {@code x} and {@code out} are distinct vectors of the same space. */
    void apply(V x, V out);
}
