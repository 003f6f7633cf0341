package dev.lla.core.spectrum;

import dev.lla.core.LlaException;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The symmetric Lanczos process: from a start vector, m operator applications build orthonormal
 * vectors {@code q₁ … qₘ} and the tridiagonal {@code T = Qᵀ·A·Q} whose eigenvalues (Ritz values)
 * approximate those of {@code A}.
 *
 * <p>Step j: {@code w' = A·qⱼ}, {@code αⱼ = w'·qⱼ}, {@code w = w' − αⱼ·qⱼ − βⱼ·qⱼ₋₁}, then {@code
 * w} is re-orthogonalized against the stored basis and {@code βⱼ₊₁ = ‖w‖}, {@code qⱼ₊₁ = w/βⱼ₊₁}.
 * With full re-orthogonalization the basis holds every {@code qⱼ} (memory: m vectors); with a
 * bounded window it holds the newest K (memory: K vectors), which keeps the extreme Ritz values
 * accurate but lets the interior ones acquire spurious copies (Paige 1972).
 *
 * <p>If {@code βⱼ₊₁} falls to rounding level relative to the operator's size seen so far, the
 * Krylov space is invariant: the run stops early and says so ({@link LanczosResult#exhausted()}).
 *
 * <p>References: C. Lanczos, "An iteration method for the solution of the eigenvalue problem of
 * linear differential and integral operators", J. Res. Nat. Bur. Standards 45 (1950); C. C. Paige,
 * "Computational variants of the Lanczos method for the eigenproblem", IMA J. Appl. Math. 10
 * (1972); Golub and Van Loan, Matrix Computations, 4th ed., §10.1. Cost: m operator applications,
 * plus {@code O(m·K)} (window) or {@code O(m²)} (full) vector operations for re-orthogonalization.
 * Memory: the basis plus three work vectors, allocated once per run and released at its end.
 *
 * @param <V> the vector type
 */
public final class Lanczos<V> {

    /**
     * βⱼ₊₁ at most this many unit roundoffs times the largest {@code ‖A·qⱼ‖} seen means the Krylov
     * space is exhausted. Rounding leaves a residual of a few to a few tens of roundoffs (5 to 25
     * measured for dense double matrices of order 30 to 400, growing like √n); a genuine β of a
     * Hessian spectrum (bulk width over the top eigenvalue) is typically orders of magnitude above
     * this even in float32, so a larger factor would risk stopping a healthy run. Reaching the
     * dimension of the space always counts as exhausted.
     */
    static final double EXHAUSTION_ROUNDOFFS = 64.0;

    private final VectorSpace<V> space;
    private final LinearOperator<V> operator;

    /** Vectors kept for re-orthogonalization; 0 means all of them. */
    private final int window;

    private Lanczos(VectorSpace<V> space, LinearOperator<V> operator, int window) {
        this.space = space;
        this.operator = operator;
        this.window = window;
    }

    /** Lanczos that re-orthogonalizes every new vector against all previous ones (PyHessian). */
    public static <V> Lanczos<V> fullReorthogonalization(
            VectorSpace<V> space, LinearOperator<V> operator) {
        return new Lanczos<>(space, operator, 0);
    }

    /**
     * Lanczos that re-orthogonalizes against the newest {@code window ≥ 1} vectors only (LLA keeps
     * 10), for operators whose m vectors do not fit in memory.
     */
    public static <V> Lanczos<V> boundedWindow(
            VectorSpace<V> space, LinearOperator<V> operator, int window) {
        if (window < 1) {
            throw LlaException.usage("Lanczos window must hold at least 1 vector, got " + window);
        }
        return new Lanczos<>(space, operator, window);
    }

    /** The space the vectors live in. */
    public VectorSpace<V> space() {
        return space;
    }

    /** Whether every Lanczos vector is kept and used for re-orthogonalization. */
    public boolean fullReorthogonalization() {
        return window == 0;
    }

    /**
     * Runs {@code steps} Lanczos steps (fewer if the Krylov space is exhausted) from {@code start}
     * and frees the basis.
     *
     * @param start any nonzero vector; it is normalized into a work vector and not modified
     * @param steps m ≥ 1, the number of operator applications
     * @throws LlaException (usage) if {@code start} is zero; (numerical) if the operator returns
     *     non-finite values
     */
    public LanczosResult run(V start, int steps) {
        try (LanczosFactorization<V> factorization = factorize(start, steps, result -> false)) {
            return factorization.result();
        }
    }

    /** Like {@link #run} but keeps the basis for Ritz vectors; the caller must close the result. */
    public LanczosFactorization<V> factorize(V start, int steps) {
        return factorize(start, steps, result -> false);
    }

    /**
     * Runs up to {@code maxSteps} steps, asking {@code stop} after each step whether enough has
     * been done, and keeps the basis; the caller must close the result.
     *
     * @param start any nonzero vector; it is normalized into a work vector and not modified
     * @param maxSteps the most operator applications, ≥ 1
     * @param stop shown the run so far (with {@code betaNext} = βⱼ₊₁) after each step that could be
     *     followed by another; {@code true} ends the run there
     */
    public LanczosFactorization<V> factorize(V start, int maxSteps, Predicate<LanczosResult> stop) {
        if (maxSteps < 1) {
            throw LlaException.usage("Lanczos needs at least 1 step, got " + maxSteps);
        }
        double startNorm = space.norm(start);
        if (startNorm == 0.0) {
            throw LlaException.usage("Lanczos start vector is zero");
        }
        if (!Double.isFinite(startNorm)) {
            throw LlaException.numerical("Lanczos start vector has norm " + startNorm);
        }
        // The Krylov space cannot outgrow the space, so neither steps nor storage need to.
        int steps = (int) Math.min(maxSteps, space.dimension());
        Basis<V> basis = space.newBasis(window == 0 ? steps : Math.min(window, steps));
        try {
            LanczosResult result = iterate(start, startNorm, steps, basis, stop);
            return new LanczosFactorization<>(result, basis);
        } catch (RuntimeException e) {
            basis.close();
            throw e;
        }
    }

    private LanczosResult iterate(
            V start, double startNorm, int steps, Basis<V> basis, Predicate<LanczosResult> stop) {
        double[] alpha = new double[steps];
        double[] beta = new double[steps];
        V qPrevious = space.zeros();
        V q = space.zeros();
        V w = space.zeros();
        try {
            space.copy(start, q);
            space.scale(1.0 / startNorm, q);
            basis.append(q);
            double operatorNorm = 0.0; // max ‖A·qⱼ‖, a lower bound on ‖A‖
            double betaJ = 0.0; // βⱼ, coupling qⱼ₋₁ and qⱼ
            for (int j = 0; ; j++) {
                operator.apply(q, w);
                operatorNorm = Math.max(operatorNorm, space.norm(w));
                alpha[j] = space.dot(w, q);
                space.axpy(-alpha[j], q, w);
                if (j > 0) {
                    space.axpy(-betaJ, qPrevious, w);
                }
                basis.orthogonalize(w);
                double betaNext = space.norm(w);
                requireFinite(j, alpha[j], betaNext);
                int iterations = j + 1;
                boolean exhausted =
                        betaNext <= EXHAUSTION_ROUNDOFFS * space.unitRoundoff() * operatorNorm
                                || iterations == space.dimension();
                if (exhausted
                        || iterations == steps
                        || stop.test(snapshot(alpha, beta, betaNext, iterations, false))) {
                    return snapshot(alpha, beta, betaNext, iterations, exhausted);
                }
                // Rotate the three work vectors instead of copying: qⱼ₋₁ ← qⱼ, qⱼ₊₁ ← w/βⱼ₊₁.
                V recycled = qPrevious;
                qPrevious = q;
                q = w;
                w = recycled;
                space.scale(1.0 / betaNext, q);
                basis.append(q);
                beta[j] = betaNext;
                betaJ = betaNext;
            }
        } finally {
            space.release(qPrevious);
            space.release(q);
            space.release(w);
        }
    }

    /** The first {@code iterations} steps as a result (copies of the small arrays). */
    private static LanczosResult snapshot(
            double[] alpha, double[] beta, double betaNext, int iterations, boolean exhausted) {
        return new LanczosResult(
                Arrays.copyOf(alpha, iterations),
                Arrays.copyOf(beta, iterations - 1),
                betaNext,
                iterations,
                exhausted);
    }

    private static void requireFinite(int j, double alpha, double betaNext) {
        if (!Double.isFinite(alpha) || !Double.isFinite(betaNext)) {
            throw LlaException.numerical(
                    "Lanczos step "
                            + (j + 1)
                            + " produced alpha "
                            + alpha
                            + " and beta "
                            + betaNext
                            + ": the operator returned non-finite values");
        }
    }
}
