package dev.lla.core.spectrum;

import java.util.SplittableRandom;

/**
 * The vector operations that the Krylov algorithms need, so that they are written once and run
 * both on {@code double[]} (tests, small problems) and on parameter vectors that stay on the
 * accelerator.
 *
 * <p>All mutating operations work in place on vectors that the space allocated; nothing is
 * allocated behind the caller's back, so an algorithm's memory is exactly the vectors it asks for.
 * Vectors are released explicitly with {@link #release} (a no-op for heap vectors).
 *
 * @param <V> the vector type
 */
public interface VectorSpace<V> {

    /** Number of scalar coordinates, {@code P}. */
    long dimension();

    /** Allocates a new zero vector. */
    V zeros();

    /** Returns {@code x·y}. */
    double dot(V x, V y);

    /** {@code y ← y + a·x}. */
    void axpy(double a, V x, V y);

    /** {@code x ← a·x}. */
    void scale(double a, V x);

    /** {@code dst ← src}. */
    void copy(V src, V dst);

    /**
     * Fills {@code x} with independent Rademacher (±1) entries drawn from {@code random}. The
     * entries depend only on the generator's state, not on the device, so the same seed gives
     * the same vector everywhere.
     */
    void fillRademacher(V x, SplittableRandom random);

    /** Allocates storage for up to {@code capacity} orthonormal basis vectors. */
    Basis<V> newBasis(int capacity);

    /**
     * Prepares storage for bases of up to {@code capacity} vectors, kept and lent to every {@link
     * #newBasis} that fits while no other basis holds it, so that a job of many Lanczos runs
     * allocates its largest block once. Spaces whose vectors are small may ignore it.
     */
    default void reserveBasis(int capacity) {}

    /** Frees the vector's storage now. The vector must not be used afterwards. */
    void release(V x);

    /** Unit roundoff of the arithmetic the space computes in (2⁻⁵³ for double, 2⁻²⁴ for float). */
    double unitRoundoff();

    /** Returns {@code ‖x‖₂}. */
    default double norm(V x) {
        return Math.sqrt(dot(x, x));
    }
}
