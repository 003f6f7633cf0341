package dev.lla.core.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.spectrum.fixtures.CountingVectorSpace;
import dev.lla.core.spectrum.fixtures.DiagonalOperator;
import dev.lla.core.spectrum.fixtures.PrescribedSpectrum;
import dev.lla.core.spectrum.fixtures.SinglePrecisionVectorSpace;
import dev.lla.core.spectrum.fixtures.Vectors;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

/**
 * Lanczos with partial re-orthogonalization (Simon 1984) against full re-orthogonalization and
 * against plain Lanczos (a bounded window of 2, which only keeps the three-term recurrence), on
 * matrices of known spectrum.
 *
 * <p>The main case is a 400 × 400 matrix with well separated outliers 10, 8, 6.5 and −3 over a
 * bulk in [−1, 4], run for 240 steps: the outliers converge within a few dozen steps, after which
 * plain Lanczos loses orthogonality and repeats them (Paige 1972).
 */
class PartialReorthogonalizationTest {

    private static final int N = 400;
    private static final int STEPS = 240;
    private static final double NORM_A = 10.0;
    private static final double[] OUTLIERS = {10.0, 8.0, 6.5, -3.0};
    private static final PrescribedSpectrum MATRIX =
            PrescribedSpectrum.random(outliersOverABulk(N, 1), 2);

    @Test
    void ghostsOfConvergedOutliersAppearWithoutReorthogonalizationAndNotWithPartial() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        double[] start = rademacher(space, 5);
        double[] plain =
                Lanczos.boundedWindow(space, MATRIX.operator(), 2).run(start, STEPS).ritzValues();
        double[] full =
                Lanczos.fullReorthogonalization(space, MATRIX.operator())
                        .run(start, STEPS)
                        .ritzValues();
        double[] partial =
                Lanczos.partialReorthogonalization(space, MATRIX.operator())
                        .run(start, STEPS)
                        .ritzValues();
        for (double lambda : OUTLIERS) {
            assertTrue(
                    copies(plain, lambda) >= 2,
                    "plain Lanczos repeats " + lambda + ": " + copies(plain, lambda) + " copies");
            assertEquals(1, copies(full, lambda), "full re-orthogonalization, " + lambda);
            assertEquals(1, copies(partial, lambda), "partial re-orthogonalization, " + lambda);
        }
    }

    @Test
    void partialGivesTheQuadratureRuleOfFullReorthogonalization() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        double[] start = rademacher(space, 5);
        QuadratureRun full =
                StochasticLanczosQuadrature.gaussQuadrature(
                        Lanczos.fullReorthogonalization(space, MATRIX.operator())
                                .run(start, STEPS));
        QuadratureRun partial =
                StochasticLanczosQuadrature.gaussQuadrature(
                        Lanczos.partialReorthogonalization(space, MATRIX.operator())
                                .run(start, STEPS));
        assertEquals(STEPS, partial.iterations());
        assertFalse(partial.exhausted());
        // Measured: 2e-13 for nodes (relative to ‖A‖), 1e-14 for weights (whose total is 1).
        for (int k = 0; k < STEPS; k++) {
            assertEquals(full.nodes()[k], partial.nodes()[k], 1e-10 * NORM_A, "node " + k);
            assertEquals(full.weights()[k], partial.weights()[k], 1e-10, "weight " + k);
        }
    }

    @Test
    void partialKeepsTheBasisSemiOrthogonalInSinglePrecision() {
        SinglePrecisionVectorSpace space = new SinglePrecisionVectorSpace(N);
        LinearOperator<double[]> operator = SinglePrecisionVectorSpace.rounded(MATRIX.operator());
        double[] start = rademacher(space, 5);
        double semiOrthogonal = 10.0 * Math.sqrt(space.unitRoundoff());

        double[] plain = Lanczos.boundedWindow(space, operator, 2).run(start, STEPS).ritzValues();
        assertTrue(copies(plain, 10.0, 1e-5) >= 2, "float32 rounding loses orthogonality");

        try (LanczosFactorization<double[]> factorization =
                Lanczos.partialReorthogonalization(space, operator).factorize(start, STEPS)) {
            LanczosResult result = factorization.result();
            assertEquals(STEPS, result.iterations());
            assertTrue(factorization.hasFullBasis());
            assertTrue(result.reorthogonalizations() > 0, "float32 needs re-orthogonalization");
            assertTrue(result.reorthogonalizations() < STEPS, "but not at every step");
            double[][] q = basisVectors(factorization, space);
            double worst = 0.0; // measured: 0.25·√u
            for (int i = 0; i < STEPS; i++) {
                assertEquals(1.0, Vectors.dot(q[i], q[i]), 1e-6, "‖q" + i + "‖²");
                for (int k = 0; k < i; k++) {
                    worst = Math.max(worst, Math.abs(Vectors.dot(q[i], q[k])));
                }
            }
            assertTrue(
                    worst <= semiOrthogonal,
                    "max |qᵢ·qₖ| = " + worst + " > 10·√u = " + semiOrthogonal);
            assertEquals(1, copies(result.ritzValues(), 10.0, 1e-5), "no ghost in float32");
        }
    }

    @Test
    void partialReorthogonalizesFarLessOftenThanEveryStep() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        double[] start = rademacher(space, 5);
        LanczosResult partial =
                Lanczos.partialReorthogonalization(space, MATRIX.operator()).run(start, STEPS);
        LanczosResult full =
                Lanczos.fullReorthogonalization(space, MATRIX.operator()).run(start, STEPS);
        LanczosResult window =
                Lanczos.boundedWindow(space, MATRIX.operator(), 10).run(start, STEPS);
        // Measured: 52 of 240 (26 pairs), once the outliers have converged.
        assertTrue(
                partial.reorthogonalizations() < STEPS / 2,
                partial.reorthogonalizations() + " re-orthogonalizations in " + STEPS + " steps");
        assertTrue(partial.reorthogonalizations() > 0, "the outliers do converge");
        assertEquals(0, partial.reorthogonalizations() % 2, "always two consecutive vectors");
        assertEquals(STEPS, full.reorthogonalizations());
        assertEquals(STEPS, window.reorthogonalizations());
    }

    @Test
    void sameSeedGivesTheSameNumbers() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        Lanczos<double[]> lanczos = Lanczos.partialReorthogonalization(space, MATRIX.operator());
        LanczosResult first = lanczos.run(rademacher(space, 7), STEPS);
        LanczosResult second = lanczos.run(rademacher(space, 7), STEPS);
        assertArrayEquals(first.alpha(), second.alpha(), 0.0);
        assertArrayEquals(first.beta(), second.beta(), 0.0);
        assertEquals(first.betaNext(), second.betaNext(), 0.0);
        assertEquals(first.reorthogonalizations(), second.reorthogonalizations());
    }

    @Test
    void threeDistinctEigenvaluesExhaustTheKrylovSpaceAfterThreeSteps() {
        double[] spectrum = new double[30];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = new double[] {-1.0, 2.0, 5.0}[i % 3];
        }
        ArrayVectorSpace space = new ArrayVectorSpace(spectrum.length);
        LanczosResult result =
                Lanczos.partialReorthogonalization(space, new DiagonalOperator(spectrum))
                        .run(rademacher(space, 2), 20);
        assertEquals(3, result.iterations());
        assertTrue(result.exhausted());
        assertArrayEquals(new double[] {-1.0, 2.0, 5.0}, result.ritzValues(), 1e-13);
    }

    @Test
    void eigenvectorStartAndZeroOperatorAreExhaustedAtTheFirstStep() {
        ArrayVectorSpace space = new ArrayVectorSpace(5);
        LanczosResult eigenvector =
                Lanczos.partialReorthogonalization(
                                space, new DiagonalOperator(1.0, 2.0, 3.0, 4.0, 5.0))
                        .run(Vectors.unit(5, 3), 5);
        assertEquals(1, eigenvector.iterations());
        assertTrue(eigenvector.exhausted());
        assertArrayEquals(new double[] {4.0}, eigenvector.alpha(), 0.0);
        LanczosResult zero =
                Lanczos.partialReorthogonalization(space, (x, out) -> space.scale(0.0, out))
                        .run(rademacher(space, 4), 5);
        assertEquals(1, zero.iterations());
        assertTrue(zero.exhausted());
        assertEquals(0.0, zero.betaNext(), 0.0);
    }

    @Test
    void fullDimensionRunReproducesTheSpectrumOfADenseMatrix() {
        int n = 60;
        double[] spectrum = outliersOverABulk(n, 3);
        PrescribedSpectrum matrix = PrescribedSpectrum.random(spectrum, 4);
        ArrayVectorSpace space = new ArrayVectorSpace(n);
        LanczosResult result =
                Lanczos.partialReorthogonalization(space, matrix.operator())
                        .run(rademacher(space, 5), 200);
        assertEquals(n, result.iterations());
        assertTrue(result.exhausted(), "n steps span the whole space");
        Vectors.assertSameSpectrum(spectrum, result.ritzValues(), 1e-12 * NORM_A);
    }

    @Test
    void everyWorkVectorAndTheBasisAreReleased() {
        int n = 40;
        CountingVectorSpace space = new CountingVectorSpace(n);
        PrescribedSpectrum matrix = PrescribedSpectrum.random(outliersOverABulk(n, 6), 6);
        double[] start = new double[n];
        space.fillRademacher(start, new SplittableRandom(7));
        Lanczos.partialReorthogonalization(space, matrix.operator()).run(start, 25);
        assertEquals(0, space.live());
        assertEquals(25 + 3, space.peak(), "basis of m vectors plus three work vectors");
    }

    /** Outliers 10, 8, 6.5 and −3 over n − 4 eigenvalues drawn uniformly from [−1, 4]. */
    private static double[] outliersOverABulk(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] spectrum = new double[n];
        System.arraycopy(OUTLIERS, 0, spectrum, 0, OUTLIERS.length);
        for (int i = OUTLIERS.length; i < n; i++) {
            spectrum[i] = random.nextDouble(-1.0, 4.0);
        }
        return spectrum;
    }

    /** Ritz values within 10⁻⁸·‖A‖ of λ (converged copies in double precision). */
    private static int copies(double[] ritzValues, double lambda) {
        return copies(ritzValues, lambda, 1e-8);
    }

    private static int copies(double[] ritzValues, double lambda, double relativeTolerance) {
        int copies = 0;
        for (double theta : ritzValues) {
            if (Math.abs(theta - lambda) <= relativeTolerance * NORM_A) {
                copies++;
            }
        }
        return copies;
    }

    /** The stored Lanczos vectors {@code qⱼ = Q·eⱼ}. */
    private static double[][] basisVectors(
            LanczosFactorization<double[]> factorization, VectorSpace<double[]> space) {
        int m = factorization.result().iterations();
        double[][] q = new double[m][];
        for (int j = 0; j < m; j++) {
            q[j] = space.zeros();
            factorization.ritzVector(Vectors.unit(m, j), q[j]);
        }
        return q;
    }

    private static double[] rademacher(VectorSpace<double[]> space, long seed) {
        double[] v = space.zeros();
        space.fillRademacher(v, new SplittableRandom(seed));
        return v;
    }
}
