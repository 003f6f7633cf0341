package dev.lla.core.train;

/**
 * The elementwise operations an optimizer needs beyond a vector space's {@code axpy} and
 * {@code scale}, each one pass over the whole flat parameter vector where it lives (on the device
 * for a model). Host copies ({@link #toHost}, {@link #fromHost}) are for checkpoints only, never
 * for a training step.
 *
 * @param <V> the parameter-vector type
 */
public interface ElementwiseOps<V> {

    /** {@code out ← √x}; {@code out} may be {@code x}. */
    void sqrt(V x, V out);

    /** {@code x ← x + c} for every entry. */
    void addScalar(double c, V x);

    /** {@code out ← x ⊘ y}; {@code out} may be {@code x} or {@code y}. */
    void divide(V x, V y, V out);

    /** {@code z ← z + a·(x ⊙ y)} (torch's {@code addcmul_}). */
    void addProduct(double a, V x, V y, V z);

    /** The entries as float32 on the host (one copy; for checkpoints). */
    float[] toHost(V x);

    /** Sets the entries of {@code x} from the host (one copy; for resuming from a checkpoint). */
    void fromHost(float[] values, V x);
}
