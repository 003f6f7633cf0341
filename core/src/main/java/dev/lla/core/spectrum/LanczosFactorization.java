package dev.lla.core.spectrum;

import dev.lla.core.LlaException;

/**
 * A Lanczos run together with its stored basis, for callers that form Ritz vectors {@code x = Q·y}.
 * Closing it frees the basis; it must be closed (try-with-resources).
 *
 * <p>With full or partial re-orthogonalization the basis holds every Lanczos vector {@code q₁ …
 * qₘ}; with a bounded window it holds only the newest ones, and {@link #ritzVector} refuses.
 *
 * @param result the tridiagonal matrix and how the run ended
 * @param basis the stored Lanczos vectors, oldest first
 * @param <V> the vector type
 */
public record LanczosFactorization<V>(LanczosResult result, Basis<V> basis)
        implements AutoCloseable {

    /** Whether the basis holds all m Lanczos vectors, so that Ritz vectors can be formed. */
    public boolean hasFullBasis() {
        return basis.size() == result.iterations();
    }

    /**
     * {@code out ← Q·y}, the Ritz vector of the eigenvector {@code y} of {@code T} (cost: m axpys).
     *
     * @throws LlaException (usage) if the basis was a bounded window that dropped vectors
     */
    public void ritzVector(double[] y, V out) {
        if (!hasFullBasis()) {
            throw LlaException.usage(
                    "Ritz vectors need all "
                            + result.iterations()
                            + " Lanczos vectors but only "
                            + basis.size()
                            + " were kept: use full or partial re-orthogonalization");
        }
        basis.combine(y, out);
    }

    @Override
    public void close() {
        basis.close();
    }
}
