package dev.lla.core.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.spectrum.fixtures.CountingVectorSpace;
import dev.lla.core.spectrum.fixtures.DiagonalOperator;
import dev.lla.core.spectrum.fixtures.PrescribedSpectrum;
import dev.lla.core.spectrum.fixtures.Vectors;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

class LanczosTest {

    @Test
    void diagonalOperatorWithFullStepsReproducesTheSpectrum() {
        int n = 40;
        double[] spectrum = new double[n];
        for (int i = 0; i < n; i++) {
            spectrum[i] = -3.0 + 0.25 * i * i / n; // distinct, unevenly spaced, both signs
        }
        ArrayVectorSpace space = new ArrayVectorSpace(n);
        LanczosResult result =
                Lanczos.fullReorthogonalization(space, new DiagonalOperator(spectrum))
                        .run(rademacher(space, 1), n);
        assertEquals(n, result.iterations());
        assertTrue(result.exhausted(), "n steps span the whole space");
        Vectors.assertSameSpectrum(spectrum, result.ritzValues(), 1e-12);
    }

    @Test
    void threeDistinctEigenvaluesExhaustTheKrylovSpaceAfterThreeSteps() {
        double[] spectrum = new double[30];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = new double[] {-1.0, 2.0, 5.0}[i % 3];
        }
        ArrayVectorSpace space = new ArrayVectorSpace(spectrum.length);
        LanczosResult result =
                Lanczos.fullReorthogonalization(space, new DiagonalOperator(spectrum))
                        .run(rademacher(space, 2), 20);
        assertEquals(3, result.iterations());
        assertTrue(result.exhausted());
        assertEquals(3, result.alpha().length);
        assertEquals(2, result.beta().length);
        assertArrayEquals(new double[] {-1.0, 2.0, 5.0}, result.ritzValues(), 1e-13);
    }

    @Test
    void denseMatrixWithThreeDistinctEigenvaluesIsExhaustedAfterThreeSteps() {
        double[] spectrum = new double[60];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = new double[] {-2.0, 0.5, 4.0}[i % 3];
        }
        PrescribedSpectrum matrix = PrescribedSpectrum.random(spectrum, 3);
        ArrayVectorSpace space = new ArrayVectorSpace(spectrum.length);
        LanczosResult result =
                Lanczos.fullReorthogonalization(space, matrix.operator())
                        .run(rademacher(space, 3), 20);
        assertEquals(3, result.iterations());
        assertTrue(result.exhausted());
        assertArrayEquals(new double[] {-2.0, 0.5, 4.0}, result.ritzValues(), 1e-13);
    }

    @Test
    void zeroOperatorIsExhaustedAtTheFirstStep() {
        ArrayVectorSpace space = new ArrayVectorSpace(10);
        LanczosResult result =
                Lanczos.fullReorthogonalization(space, (x, out) -> space.scale(0.0, out))
                        .run(rademacher(space, 4), 5);
        assertEquals(1, result.iterations());
        assertTrue(result.exhausted());
        assertArrayEquals(new double[] {0.0}, result.alpha(), 0.0);
        assertEquals(0.0, result.betaNext(), 0.0);
    }

    @Test
    void eigenvectorStartIsExhaustedAtTheFirstStep() {
        ArrayVectorSpace space = new ArrayVectorSpace(5);
        LanczosResult result =
                Lanczos.fullReorthogonalization(
                                space, new DiagonalOperator(1.0, 2.0, 3.0, 4.0, 5.0))
                        .run(Vectors.unit(5, 3), 5);
        assertEquals(1, result.iterations());
        assertTrue(result.exhausted());
        assertArrayEquals(new double[] {4.0}, result.alpha(), 0.0);
    }

    @Test
    void fullReorthogonalizationKeepsTheBasisOrthonormalAndProjectsToT() {
        int n = 200;
        int m = 80;
        PrescribedSpectrum matrix = PrescribedSpectrum.random(clusteredSpectrum(n, 5), 5);
        ArrayVectorSpace space = new ArrayVectorSpace(n);
        try (LanczosFactorization<double[]> factorization =
                Lanczos.fullReorthogonalization(space, matrix.operator())
                        .factorize(rademacher(space, 6), m)) {
            LanczosResult result = factorization.result();
            assertEquals(m, result.iterations());
            assertFalse(result.exhausted());
            assertTrue(factorization.hasFullBasis());
            double[][] q = new double[m][];
            for (int j = 0; j < m; j++) {
                q[j] = space.zeros();
                factorization.ritzVector(Vectors.unit(m, j), q[j]);
            }
            double normA = 10.0;
            for (int i = 0; i < m; i++) {
                double[] aq = matrix.operator().times(q[i]);
                for (int j = 0; j < m; j++) {
                    assertEquals(
                            i == j ? 1.0 : 0.0,
                            Vectors.dot(q[i], q[j]),
                            1e-12,
                            "QᵀQ at (" + i + ", " + j + ")");
                    double t =
                            i == j
                                    ? result.alpha()[i]
                                    : Math.abs(i - j) == 1 ? result.beta()[Math.min(i, j)] : 0.0;
                    assertEquals(
                            t,
                            Vectors.dot(q[j], aq),
                            1e-12 * normA,
                            "QᵀAQ at (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void boundedWindowGivesAccurateExtremeRitzValues() {
        int n = 300;
        double[] spectrum = clusteredSpectrum(n, 7);
        PrescribedSpectrum matrix = PrescribedSpectrum.random(spectrum, 7);
        ArrayVectorSpace space = new ArrayVectorSpace(n);
        Lanczos<double[]> lanczos = Lanczos.boundedWindow(space, matrix.operator(), 10);
        assertFalse(lanczos.fullReorthogonalization());
        try (LanczosFactorization<double[]> factorization =
                lanczos.factorize(rademacher(space, 8), 80)) {
            double[] ritz = factorization.result().ritzValues();
            assertEquals(10.0, ritz[ritz.length - 1], 1e-8 * 10.0, "largest");
            assertEquals(-3.0, ritz[0], 1e-8 * 3.0, "smallest");
            assertEquals(10, factorization.basis().size());
            assertFalse(factorization.hasFullBasis());
            LlaException e =
                    assertThrows(
                            LlaException.class,
                            () -> factorization.ritzVector(new double[10], space.zeros()));
            assertEquals(LlaException.Kind.USAGE, e.kind());
        }
    }

    @Test
    void startVectorIsNormalizedInsideAndNotModified() {
        int n = 50;
        PrescribedSpectrum matrix = PrescribedSpectrum.random(clusteredSpectrum(n, 9), 9);
        ArrayVectorSpace space = new ArrayVectorSpace(n);
        Lanczos<double[]> lanczos = Lanczos.fullReorthogonalization(space, matrix.operator());
        double[] start = rademacher(space, 10);
        double[] scaled = start.clone();
        space.scale(7.0, scaled);
        double[] untouched = scaled.clone();
        LanczosResult unit = lanczos.run(start, 12);
        LanczosResult seven = lanczos.run(scaled, 12);
        assertArrayEquals(untouched, scaled, 0.0);
        assertArrayEquals(unit.alpha(), seven.alpha(), 1e-14);
        assertArrayEquals(unit.beta(), seven.beta(), 1e-14);
    }

    @Test
    void stepsBeyondTheDimensionStopAtTheDimension() {
        ArrayVectorSpace space = new ArrayVectorSpace(4);
        LanczosResult result =
                Lanczos.fullReorthogonalization(space, new DiagonalOperator(1.0, 2.0, 3.0, 4.0))
                        .run(rademacher(space, 11), 100);
        assertEquals(4, result.iterations());
        assertTrue(result.exhausted());
        Vectors.assertSameSpectrum(new double[] {1.0, 2.0, 3.0, 4.0}, result.ritzValues(), 1e-14);
    }

    @Test
    void stopPredicateEndsTheRunAndSeesTheRunSoFar() {
        int n = 30;
        ArrayVectorSpace space = new ArrayVectorSpace(n);
        PrescribedSpectrum matrix = PrescribedSpectrum.random(clusteredSpectrum(n, 12), 12);
        try (LanczosFactorization<double[]> factorization =
                Lanczos.fullReorthogonalization(space, matrix.operator())
                        .factorize(rademacher(space, 13), 20, run -> run.iterations() == 6)) {
            assertEquals(6, factorization.result().iterations());
            assertEquals(6, factorization.basis().size());
            assertFalse(factorization.result().exhausted());
        }
    }

    @Test
    void everyWorkVectorAndTheBasisAreReleased() {
        int n = 40;
        CountingVectorSpace space = new CountingVectorSpace(n);
        PrescribedSpectrum matrix = PrescribedSpectrum.random(clusteredSpectrum(n, 14), 14);
        double[] start = new double[n];
        space.fillRademacher(start, new SplittableRandom(15));
        Lanczos.fullReorthogonalization(space, matrix.operator()).run(start, 25);
        assertEquals(0, space.live());
        assertEquals(25 + 3, space.peak(), "basis of m vectors plus three work vectors");
        Lanczos.boundedWindow(space, matrix.operator(), 5).run(start, 25);
        assertEquals(0, space.live());
    }

    @Test
    void zeroStartVectorIsAUsageError() {
        ArrayVectorSpace space = new ArrayVectorSpace(3);
        LlaException e =
                assertThrows(
                        LlaException.class,
                        () ->
                                Lanczos.fullReorthogonalization(
                                                space, new DiagonalOperator(1.0, 2.0, 3.0))
                                        .run(new double[3], 2));
        assertEquals(LlaException.Kind.USAGE, e.kind());
    }

    @Test
    void nonFiniteOperatorOutputIsANumericalErrorAndReleasesEverything() {
        CountingVectorSpace space = new CountingVectorSpace(3);
        LlaException e =
                assertThrows(
                        LlaException.class,
                        () ->
                                Lanczos.fullReorthogonalization(
                                                space,
                                                (double[] x, double[] out) ->
                                                        Arrays.fill(out, Double.NaN))
                                        .run(new double[] {1.0, 0.0, 0.0}, 2));
        assertEquals(LlaException.Kind.NUMERICAL, e.kind());
        assertEquals(0, space.live());
    }

    /**
     * A spectrum like a Hessian's: a few separated outliers (10, 8, 6.5) over a bulk in [−1, 4],
     * and a separated negative eigenvalue −3.
     */
    static double[] clusteredSpectrum(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] spectrum = new double[n];
        spectrum[0] = 10.0;
        spectrum[1] = 8.0;
        spectrum[2] = 6.5;
        spectrum[3] = -3.0;
        for (int i = 4; i < n; i++) {
            spectrum[i] = random.nextDouble(-1.0, 4.0);
        }
        return spectrum;
    }

    static double[] rademacher(VectorSpace<double[]> space, long seed) {
        double[] v = space.zeros();
        space.fillRademacher(v, new SplittableRandom(seed));
        return v;
    }
}
