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
 * w} may be re-orthogonalized against the stored basis, {@code βⱼ₊₁ = ‖w‖}, {@code qⱼ₊₁ =
 * w/βⱼ₊₁}. In floating point the three-term recurrence loses orthogonality as soon as a Ritz value
 * converges, and the lost directions return as spurious copies ("ghosts") of converged eigenvalues
 * (Paige 1972). Three remedies:
 *
 * <ul>
 *   <li>{@linkplain #fullReorthogonalization full}: every {@code w} is re-orthogonalized against
 *       all previous vectors (memory: m vectors; cost: {@code O(m²)} vector operations);
 *   <li>{@linkplain #boundedWindow bounded window}: only against the newest K (memory: K vectors),
 *       which keeps the extreme Ritz values accurate but lets the interior ones acquire ghosts;
 *   <li>{@linkplain #partialReorthogonalization partial} (Simon 1984): every vector is stored, but
 *       {@code w} is re-orthogonalized only when a cheap recurrence for the inner products {@code
 *       ωⱼ₊₁,ₖ ≈ qⱼ₊₁·qₖ} says that orthogonality has fallen to {@code √u} (u = unit roundoff).
 *       Keeping {@code |qᵢ·qₖ| ≲ √u} ("semi-orthogonality") is enough for T to equal, to working
 *       precision, the projection of A on the Krylov space, so Ritz values and quadrature rules
 *       agree with full re-orthogonalization to rounding. How many steps it spares depends on
 *       the precision and the spectrum: in double precision about four in five on a matrix with
 *       a few outliers; in float32 on a Hessian whose top eigenvalues dwarf the β's, hardly any,
 *       because ω then grows twenty- to fortyfold per step from a floor of √P·u (measured on
 *       LeNet: 95 of 100 steps projected).
 * </ul>
 *
 * <p>If {@code βⱼ₊₁} falls to rounding level relative to the operator's size seen so far, the
 * Krylov space is invariant: the run stops early and says so ({@link LanczosResult#exhausted()}).
 * The size seen so far is {@code ‖T‖ₑₛₜ = maxⱼ √(αⱼ² + βⱼ² + βⱼ₊₁²)}, the largest column norm of
 * T: in exact arithmetic {@code A·qⱼ = βⱼ·qⱼ₋₁ + αⱼ·qⱼ + βⱼ₊₁·qⱼ₊₁} with orthonormal q's, so each
 * term is {@code ‖A·qⱼ‖}, a lower bound on {@code ‖A‖}, obtained from numbers the recurrence has
 * anyway instead of one more norm of a P-vector per step.
 *
 * <p>References: C. Lanczos, "An iteration method for the solution of the eigenvalue problem of
 * linear differential and integral operators", J. Res. Nat. Bur. Standards 45 (1950); C. C. Paige,
 * "Computational variants of the Lanczos method for the eigenproblem", IMA J. Appl. Math. 10
 * (1972); H. D. Simon, "The Lanczos algorithm with partial reorthogonalization", Math. Comp. 42
 * (1984); R. M. Larsen, "Lanczos bidiagonalization with partial reorthogonalization", DAIMI
 * PB-537 (1998, PROPACK); Golub and Van Loan, Matrix Computations, 4th ed., §10.1 and §10.3. Cost
 * per step: one operator application, one dot product and two axpys, plus the re-orthogonalization
 * when it is done (one or two passes over the stored vectors, which also return ‖w‖, see {@link
 * Basis#orthogonalize}); partial re-orthogonalization computes ‖w‖ itself (one more dot product,
 * which the projection then reuses) and does {@code O(j)} scalar work for its estimates. Memory:
 * the basis plus three work vectors, allocated once per run and released at its end.
 *
 * @param <V> the vector type
 */
public final class Lanczos<V> {

    /**
     * βⱼ₊₁ at most this many unit roundoffs times {@code ‖T‖ₑₛₜ} means the Krylov space is
     * exhausted. Rounding leaves a residual of a few to a few tens of roundoffs (5 to 25 measured
     * for dense double matrices of order 30 to 400, growing like √n); a genuine β of a Hessian
     * spectrum (bulk width over the top eigenvalue) is typically orders of magnitude above this
     * even in float32, so a larger factor would risk stopping a healthy run. Reaching the dimension
     * of the space always counts as exhausted.
     */
    static final double EXHAUSTION_ROUNDOFFS = 64.0;

    /** How the new vector of each step is kept orthogonal to the previous ones. */
    private enum Strategy {
        FULL,
        WINDOW,
        PARTIAL
    }

    private final VectorSpace<V> space;
    private final LinearOperator<V> operator;
    private final Strategy strategy;

    /** Vectors kept for re-orthogonalization in a bounded window; unused otherwise. */
    private final int window;

    private Lanczos(
            VectorSpace<V> space, LinearOperator<V> operator, Strategy strategy, int window) {
        this.space = space;
        this.operator = operator;
        this.strategy = strategy;
        this.window = window;
    }

    /** Lanczos that re-orthogonalizes every new vector against all previous ones (PyHessian). */
    public static <V> Lanczos<V> fullReorthogonalization(
            VectorSpace<V> space, LinearOperator<V> operator) {
        return new Lanczos<>(space, operator, Strategy.FULL, 0);
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
        return new Lanczos<>(space, operator, Strategy.WINDOW, window);
    }

    /**
     * Lanczos with partial re-orthogonalization (Simon 1984): all m vectors are stored, and a new
     * vector is re-orthogonalized against them only when the estimated loss of orthogonality
     * {@code maxₖ |ωⱼ₊₁,ₖ|} exceeds {@code √u}, together with the vector after it. Same memory as
     * full re-orthogonalization, same Ritz values and quadrature rules up to rounding, and at most
     * as many projections (how many fewer depends on the spectrum and the precision, see above);
     * {@link LanczosResult#reorthogonalizations()} says how many were done.
     */
    public static <V> Lanczos<V> partialReorthogonalization(
            VectorSpace<V> space, LinearOperator<V> operator) {
        return new Lanczos<>(space, operator, Strategy.PARTIAL, 0);
    }

    /** The space the vectors live in. */
    public VectorSpace<V> space() {
        return space;
    }

    /** Whether every Lanczos vector is kept and used for re-orthogonalization at every step. */
    public boolean fullReorthogonalization() {
        return strategy == Strategy.FULL;
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
        Basis<V> basis =
                space.newBasis(strategy == Strategy.WINDOW ? Math.min(window, steps) : steps);
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
        double unitRoundoff = space.unitRoundoff();
        OrthogonalityEstimates omega =
                strategy == Strategy.PARTIAL
                        ? new OrthogonalityEstimates(steps, unitRoundoff, space.dimension())
                        : null;
        V qPrevious = space.zeros();
        V q = space.zeros();
        V w = space.zeros();
        try {
            space.copy(start, q);
            space.scale(1.0 / startNorm, q);
            basis.append(q);
            double normEstimate = 0.0; // ‖T‖ₑₛₜ = max ‖T·eⱼ‖, a lower bound on ‖A‖
            double betaJ = 0.0; // βⱼ, coupling qⱼ₋₁ and qⱼ
            int reorthogonalizations = 0;
            for (int j = 0; ; j++) {
                operator.apply(q, w);
                alpha[j] = space.dot(w, q);
                space.axpy(-alpha[j], q, w);
                if (j > 0) {
                    space.axpy(-betaJ, qPrevious, w);
                }
                double betaNext;
                if (omega == null) {
                    betaNext = basis.orthogonalize(w);
                    reorthogonalizations++;
                } else {
                    betaNext = space.norm(w);
                }
                requireFinite(j, alpha[j], betaNext);
                double columnNorm = // ‖T·eⱼ‖ ≈ ‖A·qⱼ‖
                        Math.sqrt(alpha[j] * alpha[j] + betaJ * betaJ + betaNext * betaNext);
                normEstimate = Math.max(normEstimate, columnNorm);
                double exhaustionLevel = EXHAUSTION_ROUNDOFFS * unitRoundoff * normEstimate;
                // An exhausted step needs no estimates: projecting can only shrink betaNext. Any
                // other βⱼ₊₁ below √u·‖T‖ₑₛₜ is re-orthogonalized (see OrthogonalityEstimates), so
                // a betaNext that could be rounding noise meets the exhaustion test below only
                // after the projection, as with full re-orthogonalization.
                if (omega != null
                        && betaNext > exhaustionLevel
                        && omega.advance(
                                j, alpha, beta, betaJ, betaNext, columnNorm, normEstimate)) {
                    betaNext = basis.orthogonalize(w, betaNext);
                    reorthogonalizations++;
                    omega.reorthogonalized(j);
                }
                int iterations = j + 1;
                boolean exhausted =
                        betaNext <= exhaustionLevel || iterations == space.dimension();
                if (exhausted
                        || iterations == steps
                        || stop.test(
                                snapshot(
                                        alpha,
                                        beta,
                                        betaNext,
                                        iterations,
                                        false,
                                        reorthogonalizations))) {
                    return snapshot(
                            alpha, beta, betaNext, iterations, exhausted, reorthogonalizations);
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
            double[] alpha,
            double[] beta,
            double betaNext,
            int iterations,
            boolean exhausted,
            int reorthogonalizations) {
        return new LanczosResult(
                Arrays.copyOf(alpha, iterations),
                Arrays.copyOf(beta, iterations - 1),
                betaNext,
                iterations,
                exhausted,
                reorthogonalizations);
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

    /**
     * Simon's estimates {@code ωⱼ,ₖ ≈ qⱼ·qₖ} of the loss of orthogonality, propagated by the
     * recurrence that the Lanczos relation {@code βⱼ₊₁·qⱼ₊₁ = A·qⱼ − αⱼ·qⱼ − βⱼ·qⱼ₋₁ − fⱼ} implies
     * for the inner products (Simon 1984; Larsen 1998), with indices from 0 and {@code βₖ} coupling
     * {@code qₖ₋₁} and {@code qₖ}:
     *
     * <pre>
     * βⱼ₊₁·ωⱼ₊₁,ₖ = βₖ₊₁·ωⱼ,ₖ₊₁ + (αₖ − αⱼ)·ωⱼ,ₖ + βₖ·ωⱼ,ₖ₋₁ − βⱼ·ωⱼ₋₁,ₖ + ϑⱼ,ₖ   (k &lt; j)
     * ωⱼ₊₁,ⱼ = ψⱼ₊₁,   ωⱼ₊₁,ⱼ₊₁ = 1,   ωⱼ,₋₁ = 0
     * </pre>
     *
     * <p>The recurrence itself is exact; only its rounding terms must be modelled. They are bounds,
     * not random draws (as in PROPACK), so that the estimates are deterministic and err on the
     * large side:
     *
     * <ul>
     *   <li>{@code ϑⱼ,ₖ = u·‖T‖ₑₛₜ}, added with the sign of the rest so that it never cancels it:
     *       the rounding error {@code fⱼ} of one step is of order u·‖A‖;
     *   <li>{@code ψⱼ₊₁ = ε·‖T·eⱼ‖/βⱼ₊₁}, the orthogonality of consecutive vectors, which is
     *       limited by the error of {@code αⱼ}, an inner product of P terms of size up to {@code
     *       ‖A·qⱼ‖}: ε = √P·u, the statistical rule of thumb for a sum of P rounded terms (N. J.
     *       Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., 2002, ch. 2). On the
     *       float32 LeNet (P = 44,470) the measured {@code q₂·q₁} was 1.2·√P·u times {@code
     *       ‖A·q₁‖/β₂}; with u instead of √P·u the estimates fell 20-fold short and a run lost
     *       orthogonality completely;
     *   <li>after a projection the row is reset to ε: the projection's coefficients are inner
     *       products of P terms too (measured on LeNet: 2·10⁻⁶ to 9·10⁻⁶, ε = 1.3·10⁻⁵).
     * </ul>
     *
     * <p>When {@code maxₖ |ωⱼ₊₁,ₖ|} exceeds {@code √u}, the new vector is re-orthogonalized, and so
     * is the next one: {@code qⱼ₊₂} is built from {@code qⱼ}, whose own loss of orthogonality would
     * otherwise pass straight into it (Simon 1984). A {@code βⱼ₊₁ < √u·‖T‖ₑₛₜ} is re-orthogonalized
     * too, whatever the estimates say: such a w is mostly cancellation residue, and this keeps the
     * exhaustion test ({@code 64·u·‖T‖ₑₛₜ}) on projected vectors only. Where ε ≥ √u (float32 with P
     * above 2²⁴) every step is re-orthogonalized, as it must be. Cost per step: {@code O(j)} flops
     * on the host; memory: three arrays of m + 1 doubles.
     */
    private static final class OrthogonalityEstimates {

        /** u, the scale of one step's rounding error relative to ‖A‖. */
        private final double unitRoundoff;

        /** ε = √P·u, the rounding level of an inner product of P terms, hence of a projection. */
        private final double epsilon;

        /** √u: semi-orthogonality, the most loss of orthogonality that is tolerated. */
        private final double threshold;

        /** ωⱼ₋₁,ₖ for k = 0 … j − 1 (entry j − 1 is 1). */
        private double[] omegaPrevious;

        /** ωⱼ,ₖ for k = 0 … j (entry j is 1). */
        private double[] omega;

        /** Work row for ωⱼ₊₁,ₖ. */
        private double[] omegaNext;

        /** Whether the previous vector was re-orthogonalized on the estimates' request. */
        private boolean secondPending;

        OrthogonalityEstimates(int steps, double unitRoundoff, long dimension) {
            this.unitRoundoff = unitRoundoff;
            this.epsilon = Math.sqrt((double) dimension) * unitRoundoff;
            this.threshold = Math.sqrt(unitRoundoff);
            this.omegaPrevious = new double[steps + 1];
            this.omega = new double[steps + 1];
            this.omegaNext = new double[steps + 1];
            omega[0] = 1.0; // ω₀,₀ = q₀·q₀
        }

        /**
         * Advances the estimates from row j to row j + 1 and says whether the new vector {@code w
         * = βⱼ₊₁·qⱼ₊₁} must be re-orthogonalized.
         *
         * @param beta β's of the finished steps: {@code beta[k]} couples {@code qₖ} and {@code
         *     qₖ₊₁}, valid for k &lt; j
         * @param betaJ βⱼ (0 at j = 0)
         * @param betaNext βⱼ₊₁ before any re-orthogonalization, &gt; 0
         * @param columnNorm {@code ‖T·eⱼ‖ = √(αⱼ² + βⱼ² + βⱼ₊₁²)}, the size of {@code A·qⱼ}
         * @param normEstimate {@code ‖T‖ₑₛₜ}, the largest column norm so far
         */
        boolean advance(
                int j,
                double[] alpha,
                double[] beta,
                double betaJ,
                double betaNext,
                double columnNorm,
                double normEstimate) {
            double theta = unitRoundoff * normEstimate;
            double largest = 0.0;
            for (int k = 0; k < j; k++) {
                double sum =
                        beta[k] * omega[k + 1]
                                + (alpha[k] - alpha[j]) * omega[k]
                                - betaJ * omegaPrevious[k];
                if (k > 0) {
                    sum += beta[k - 1] * omega[k - 1];
                }
                // The rounding term takes the sign of the rest, so that it never cancels it.
                omegaNext[k] = (sum + Math.copySign(theta, sum)) / betaNext;
                largest = Math.max(largest, Math.abs(omegaNext[k]));
            }
            omegaNext[j] = epsilon * columnNorm / betaNext; // ψⱼ₊₁
            largest = Math.max(largest, omegaNext[j]);
            omegaNext[j + 1] = 1.0;
            double[] recycled = omegaPrevious;
            omegaPrevious = omega;
            omega = omegaNext;
            omegaNext = recycled;
            if (secondPending) {
                secondPending = false;
                return true;
            }
            // A NaN estimate (never expected: βⱼ₊₁ > 0 and finite) also asks for the projection.
            if (!(largest <= threshold) || betaNext < threshold * normEstimate) {
                secondPending = true;
                return true;
            }
            return false;
        }

        /** After {@code qⱼ₊₁} was re-orthogonalized: its inner products are at rounding level. */
        void reorthogonalized(int j) {
            Arrays.fill(omega, 0, j + 1, epsilon);
        }
    }
}
