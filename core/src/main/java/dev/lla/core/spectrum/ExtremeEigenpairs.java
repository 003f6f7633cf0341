package dev.lla.core.spectrum;

import java.util.List;

/**
 * The algebraically largest eigenpairs and the smallest one, as found by {@link
 * ExtremeEigenvalues}.
 *
 * <p>{@code largest} has fewer than {@code requested} pairs when the Krylov space was exhausted
 * below {@code requested} dimensions (a small operator, or a start vector that sees only a few
 * eigenvectors): it then holds every eigenvalue the start vector can see. When the Krylov dimension
 * reached is at most {@code requested}, {@code smallest} is the same eigenvalue as the last of
 * {@code largest} (with its own copy of the vector). The caller owns every vector and frees them
 * with {@link #release}.
 *
 * @param largest the largest Ritz pairs, descending by value
 * @param smallest the Ritz pair of the smallest (most negative) Ritz value
 * @param requested k, the number of largest pairs asked for
 * @param iterations Lanczos steps taken (the run also spent one operator application per pair on
 *     the true residuals)
 * @param exhausted whether the Krylov space became invariant, so the values are exact eigenvalues
 *     of the operator restricted to it
 * @param <V> the vector type
 */
public record ExtremeEigenpairs<V>(
        List<RitzPair<V>> largest,
        RitzPair<V> smallest,
        int requested,
        int iterations,
        boolean exhausted) {

    public ExtremeEigenpairs {
        largest = List.copyOf(largest);
    }

    /** Whether all {@code requested} largest pairs exist (see the class comment). */
    public boolean complete() {
        return largest.size() == requested;
    }

    /** Whether every returned pair converged. */
    public boolean converged() {
        return smallest.converged() && largest.stream().allMatch(RitzPair::converged);
    }

    /** Frees every returned vector. */
    public void release(VectorSpace<V> space) {
        for (RitzPair<V> pair : largest) {
            space.release(pair.vector());
        }
        space.release(smallest.vector());
    }
}
