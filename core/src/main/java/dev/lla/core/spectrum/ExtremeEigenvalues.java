package dev.lla.core.spectrum;

import dev.lla.core.LlaException;
import dev.lla.core.linalg.SymmetricTridiagonalEigen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The k algebraically largest eigenvalues and the most negative one of a symmetric operator, with
 * eigenvectors, by Lanczos with full re-orthogonalization and a residual-based stopping test.
 *
 * <p>After every step the wanted Ritz pairs (θ, y) of T are tested with the Lanczos residual
 * estimate {@code |βⱼ₊₁·yⱼ| ≤ max(tol·|θ|, 10·u·‖T‖)} (Parlett, The Symmetric Eigenvalue Problem,
 * 1980, §13.2; Golub and Van Loan, Matrix Computations, 4th ed., §10.1.4; u is the space's unit
 * roundoff). The absolute floor is the residual that the arithmetic itself leaves: without it an
 * eigenvalue at or near 0 could never pass in float32, whose products are exact only to about
 * u·‖A‖. When all pass, or after {@code maxIterations} steps,
 * or when the Krylov space is exhausted, the Ritz vectors {@code x = Q·y} are formed and each
 * pair's TRUE residual {@code ‖A·x − θ·x‖} decides its {@code converged} flag, so a flag never
 * rests on the estimate alone.
 *
 * <p>Limits of any single-vector Krylov method: a repeated eigenvalue is found once, not with its
 * multiplicity, and an eigenvector nearly orthogonal to the start vector may be found late or not
 * at all (a converged pair is then an eigenpair, but not the largest one).
 *
 * <p>Cost: one operator application per Lanczos step plus one per returned pair; a dense O(j³)
 * tridiagonal eigen-decomposition after step j (negligible for j ≤ a few hundred next to a
 * Hessian-vector product). Memory: {@code iterations + 4} vectors during the run, then one per
 * returned pair, which the caller owns.
 *
 * @param <V> the vector type
 */
public final class ExtremeEigenvalues<V> {

    /** Unit roundoffs of ‖T‖ below which a residual counts as converged, whatever θ is. */
    private static final double ROUNDING_FLOOR_ROUNDOFFS = 10;

    /** Default relative residual tolerance. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-4;

    /** Default limit on Lanczos steps. */
    public static final int DEFAULT_MAX_ITERATIONS = 200;

    private final VectorSpace<V> space;
    private final LinearOperator<V> operator;
    private final double relativeTolerance;
    private final int maxIterations;

    /** A solver with the default tolerance (1e-4) and iteration limit (200). */
    public ExtremeEigenvalues(VectorSpace<V> space, LinearOperator<V> operator) {
        this(space, operator, DEFAULT_RELATIVE_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    /**
     * @param relativeTolerance converged when {@code ‖A·x − θ·x‖ ≤ relativeTolerance·|θ|}, > 0
     * @param maxIterations the most Lanczos steps, ≥ 1 (memory grows with it: one vector each)
     */
    public ExtremeEigenvalues(
            VectorSpace<V> space,
            LinearOperator<V> operator,
            double relativeTolerance,
            int maxIterations) {
        if (!(relativeTolerance > 0.0) || !Double.isFinite(relativeTolerance)) {
            throw LlaException.usage(
                    "eigenvalue tolerance must be finite and > 0, got " + relativeTolerance);
        }
        if (maxIterations < 1) {
            throw LlaException.usage(
                    "eigenvalue search needs at least 1 iteration, got " + maxIterations);
        }
        this.space = space;
        this.operator = operator;
        this.relativeTolerance = relativeTolerance;
        this.maxIterations = maxIterations;
    }

    /**
     * Like {@link #compute(Object, int)} from a Rademacher start vector drawn from {@code random}.
     */
    public ExtremeEigenpairs<V> compute(SplittableRandom random, int k) {
        V start = space.zeros();
        try {
            space.fillRademacher(start, random);
            return compute(start, k);
        } finally {
            space.release(start);
        }
    }

    /**
     * The {@code k ≥ 0} largest eigenpairs and the smallest one, from {@code start} (nonzero, not
     * modified). The caller must {@link ExtremeEigenpairs#release} the vectors.
     */
    public ExtremeEigenpairs<V> compute(V start, int k) {
        if (k < 0) {
            throw LlaException.usage("number of largest eigenvalues must be ≥ 0, got " + k);
        }
        Lanczos<V> lanczos = Lanczos.fullReorthogonalization(space, operator);
        try (LanczosFactorization<V> factorization =
                lanczos.factorize(start, maxIterations, run -> estimatesConverged(run, k))) {
            LanczosResult run = factorization.result();
            return ritzPairs(factorization, run.tridiagonalEigen(), k);
        }
    }

    /** Whether the residual estimates of the k largest and the smallest Ritz pairs all pass. */
    private boolean estimatesConverged(LanczosResult run, int k) {
        int m = run.iterations();
        if (m <= k) {
            return false; // the k largest and the smallest are not yet distinct pairs
        }
        SymmetricTridiagonalEigen eigen = run.tridiagonalEigen();
        double floor = toleranceFloor(eigen);
        for (int index = m - k; index < m; index++) {
            if (!estimatePasses(run, eigen, index, floor)) {
                return false;
            }
        }
        return estimatePasses(run, eigen, 0, floor);
    }

    /** {@code |βⱼ₊₁·yⱼ| ≤ max(tol·|θ|, floor)} for Ritz pair {@code index} of T. */
    private boolean estimatePasses(
            LanczosResult run, SymmetricTridiagonalEigen eigen, int index, double floor) {
        double estimate = Math.abs(run.betaNext() * eigen.lastComponent(index));
        return estimate <= tolerance(eigen.eigenvalues()[index], floor);
    }

    /** The largest residual that counts as converged for Ritz value θ. */
    private double tolerance(double theta, double floor) {
        return Math.max(relativeTolerance * Math.abs(theta), floor);
    }

    private ExtremeEigenpairs<V> ritzPairs(
            LanczosFactorization<V> factorization, SymmetricTridiagonalEigen eigen, int k) {
        int m = eigen.size();
        int found = Math.min(k, m);
        double floor = toleranceFloor(eigen);
        List<RitzPair<V>> largest = new ArrayList<>(found);
        RitzPair<V> smallest = null;
        V product = space.zeros();
        try {
            for (int index = m - 1; index >= m - found; index--) {
                largest.add(ritzPair(factorization, eigen, index, floor, product));
            }
            if (found == m && found > 0) {
                // The smallest Ritz value is the last of the largest: copy it, spare an HVP.
                RitzPair<V> same = largest.get(found - 1);
                V vector = space.zeros();
                space.copy(same.vector(), vector);
                smallest =
                        new RitzPair<>(
                                same.value(),
                                vector,
                                same.residual(),
                                same.relativeResidual(),
                                same.converged());
            } else {
                smallest = ritzPair(factorization, eigen, 0, floor, product);
            }
            LanczosResult run = factorization.result();
            return new ExtremeEigenpairs<>(largest, smallest, k, run.iterations(), run.exhausted());
        } catch (RuntimeException e) {
            for (RitzPair<V> pair : largest) {
                space.release(pair.vector());
            }
            throw e;
        } finally {
            space.release(product);
        }
    }

    /** Forms {@code x = Q·y} for eigenvector {@code index} of T and measures its true residual. */
    private RitzPair<V> ritzPair(
            LanczosFactorization<V> factorization,
            SymmetricTridiagonalEigen eigen,
            int index,
            double floor,
            V product) {
        double theta = eigen.eigenvalues()[index];
        V x = space.zeros();
        try {
            factorization.ritzVector(eigen.eigenvectors()[index], x);
            // Q and y are orthonormal up to rounding; normalize so that the residual is exact.
            double norm = space.norm(x);
            if (!(norm > 0.0) || !Double.isFinite(norm)) {
                throw LlaException.numerical(
                        "Ritz vector for value " + theta + " has norm " + norm);
            }
            space.scale(1.0 / norm, x);
            operator.apply(x, product);
            space.axpy(-theta, x, product);
            double residual = space.norm(product);
            if (!Double.isFinite(residual)) {
                throw LlaException.numerical(
                        "residual of Ritz value "
                                + theta
                                + " is "
                                + residual
                                + ": the operator returned non-finite values");
            }
            double relativeResidual = residual == 0.0 ? 0.0 : residual / Math.abs(theta);
            boolean converged = residual <= tolerance(theta, floor);
            return new RitzPair<>(theta, x, residual, relativeResidual, converged);
        } catch (RuntimeException e) {
            space.release(x);
            throw e;
        }
    }

    /** {@code 10·u·‖T‖}: a residual this small is at the level of the operator's own rounding. */
    private double toleranceFloor(SymmetricTridiagonalEigen eigen) {
        double[] theta = eigen.eigenvalues();
        double normT = Math.max(Math.abs(theta[0]), Math.abs(theta[theta.length - 1]));
        return ROUNDING_FLOOR_ROUNDOFFS * space.unitRoundoff() * normT;
    }
}
