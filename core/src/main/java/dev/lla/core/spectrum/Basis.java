package dev.lla.core.spectrum;

/**
 * Storage for the orthonormal Lanczos vectors {@code q₀, q₁, …}. A space may keep them as rows of
 * one matrix so that projections are two matrix products instead of {@code 2j} vector operations.
 *
 * <p>When more than {@link #capacity()} vectors are appended, the oldest is dropped (a bounded
 * window, as LLA keeps 10 vectors); {@link #size()} never exceeds the capacity.
 *
 * @param <V> the vector type
 */
public interface Basis<V> extends AutoCloseable {

    /** Most vectors held at once. */
    int capacity();

    /** Vectors held now. */
    int size();

    /** Total vectors ever appended (at least {@link #size()}). */
    int appended();

    /** Copies {@code x} in as the newest vector, dropping the oldest if full. */
    void append(V x);

    /**
     * Orthogonalizes {@code w} against every held vector: {@code w ← w − Σᵢ (qᵢ·w) qᵢ}, by
     * classical Gram-Schmidt applied twice (Giraud, Langou, Rozložník 2005: "twice is enough"), or
     * once when the first pass provably sufficed (the DGKS criterion).
     *
     * @return {@code ‖w‖₂} after the orthogonalization, so that callers need not compute it again
     */
    double orthogonalize(V w);

    /**
     * Like {@link #orthogonalize(Object)} for a caller that already knows {@code norm = ‖w‖₂}, which
     * an implementation may use instead of computing it (the DGKS criterion needs it).
     */
    default double orthogonalize(V w, double norm) {
        return orthogonalize(w);
    }

    /**
     * {@code out ← Σᵢ c[i]·qᵢ} over the held vectors, oldest first; {@code c.length} must equal
     * {@link #size()}.
     */
    void combine(double[] c, V out);

    /** Frees the storage. */
    @Override
    void close();
}
