package dev.lla.core.spectrum;

import static dev.lla.core.spectrum.LanczosTest.clusteredSpectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.spectrum.fixtures.CountingVectorSpace;
import dev.lla.core.spectrum.fixtures.DiagonalOperator;
import dev.lla.core.spectrum.fixtures.PrescribedSpectrum;
import dev.lla.core.spectrum.fixtures.Vectors;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

class ExtremeEigenvaluesTest {

    private static final int N = 300;

    /** Eigenvalues 10, 8, 6.5 (indices 0-2) over a bulk in [−1, 4], and −3 (index 3). */
    private static final PrescribedSpectrum MATRIX =
            PrescribedSpectrum.random(clusteredSpectrum(N, 41), 41);

    @Test
    void topThreeAndMinimumOfARandomSymmetricMatrixWithKnownSpectrum() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        ExtremeEigenpairs<double[]> pairs =
                new ExtremeEigenvalues<>(space, MATRIX.operator(), 1e-6, 200)
                        .compute(new SplittableRandom(42), 3);

        assertTrue(pairs.complete());
        assertTrue(pairs.converged());
        assertFalse(pairs.exhausted());
        assertTrue(pairs.iterations() < 200);
        int[] expectedIndex = {0, 1, 2};
        for (int i = 0; i < 3; i++) {
            RitzPair<double[]> pair = pairs.largest().get(i);
            double lambda = MATRIX.eigenvalues()[expectedIndex[i]];
            assertEquals(lambda, pair.value(), 1e-8 * Math.abs(lambda), "eigenvalue " + i);
            Vectors.assertSameDirection(
                    MATRIX.eigenvectors()[expectedIndex[i]], pair.vector(), 1e-5);
            assertTrueResidual(pair);
        }
        RitzPair<double[]> smallest = pairs.smallest();
        assertEquals(-3.0, smallest.value(), 1e-8 * 3.0);
        Vectors.assertSameDirection(MATRIX.eigenvectors()[3], smallest.vector(), 1e-5);
        assertTrueResidual(smallest);
        pairs.release(space);
    }

    @Test
    void defaultToleranceConvergesWithSmallRelativeResiduals() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        ExtremeEigenpairs<double[]> pairs =
                new ExtremeEigenvalues<>(space, MATRIX.operator())
                        .compute(new SplittableRandom(43), 2);
        assertTrue(pairs.converged());
        assertEquals(2, pairs.largest().size());
        for (RitzPair<double[]> pair : pairs.largest()) {
            assertTrue(pair.relativeResidual() <= ExtremeEigenvalues.DEFAULT_RELATIVE_TOLERANCE);
        }
        // Ritz value error is at most residual²/gap (Kato-Temple): well inside 1e-6 here.
        assertEquals(10.0, pairs.largest().get(0).value(), 1e-6 * 10.0);
        assertEquals(8.0, pairs.largest().get(1).value(), 1e-6 * 8.0);
        assertEquals(-3.0, pairs.smallest().value(), 1e-6 * 3.0);
    }

    @Test
    void tooFewIterationsReportNonConvergence() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        ExtremeEigenpairs<double[]> pairs =
                new ExtremeEigenvalues<>(space, MATRIX.operator(), 1e-6, 6)
                        .compute(new SplittableRandom(44), 3);
        assertEquals(6, pairs.iterations());
        assertFalse(pairs.converged());
        RitzPair<double[]> worst = pairs.largest().get(2);
        assertFalse(worst.converged());
        assertTrue(worst.relativeResidual() > 1e-6);
        assertTrueResidual(worst);
    }

    @Test
    void moreWantedPairsThanTheKrylovDimensionReturnsWhatExists() {
        double[] spectrum = new double[20];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = new double[] {-1.0, 2.0, 5.0}[i % 3];
        }
        CountingVectorSpace space = new CountingVectorSpace(spectrum.length);
        ExtremeEigenpairs<double[]> pairs =
                new ExtremeEigenvalues<>(space, new DiagonalOperator(spectrum))
                        .compute(new SplittableRandom(45), 5);
        assertTrue(pairs.exhausted());
        assertEquals(3, pairs.iterations());
        assertFalse(pairs.complete());
        assertEquals(3, pairs.largest().size());
        assertArrayEquals(
                new double[] {5.0, 2.0, -1.0},
                pairs.largest().stream().mapToDouble(RitzPair::value).toArray(),
                1e-13);
        assertEquals(-1.0, pairs.smallest().value(), 1e-13);
        assertTrue(pairs.converged());
        pairs.release(space);
        assertEquals(0, space.live());
    }

    @Test
    void negativeDefiniteOperatorHasNegativeLargestEigenvalues() {
        double[] spectrum = new double[80];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = -1.0 - i * i / 100.0;
        }
        ArrayVectorSpace space = new ArrayVectorSpace(spectrum.length);
        ExtremeEigenpairs<double[]> pairs =
                new ExtremeEigenvalues<>(
                                space, PrescribedSpectrum.random(spectrum, 46).operator(), 1e-8, 80)
                        .compute(new SplittableRandom(47), 1);
        assertTrue(pairs.converged());
        assertEquals(-1.0, pairs.largest().get(0).value(), 1e-10);
        double lowest = spectrum[spectrum.length - 1];
        assertEquals(lowest, pairs.smallest().value(), 1e-10 * Math.abs(lowest));
    }

    @Test
    void sameSeedGivesIdenticalPairs() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        ExtremeEigenvalues<double[]> solver = new ExtremeEigenvalues<>(space, MATRIX.operator());
        ExtremeEigenpairs<double[]> first = solver.compute(new SplittableRandom(48), 2);
        ExtremeEigenpairs<double[]> second = solver.compute(new SplittableRandom(48), 2);
        assertEquals(first.iterations(), second.iterations());
        for (int i = 0; i < 2; i++) {
            assertEquals(first.largest().get(i).value(), second.largest().get(i).value(), 0.0);
            assertArrayEquals(
                    first.largest().get(i).vector(), second.largest().get(i).vector(), 0.0);
        }
        assertEquals(first.smallest().residual(), second.smallest().residual(), 0.0);
    }

    @Test
    void onlyTheReturnedVectorsStayLive() {
        CountingVectorSpace space = new CountingVectorSpace(N);
        ExtremeEigenpairs<double[]> pairs =
                new ExtremeEigenvalues<>(space, MATRIX.operator())
                        .compute(new SplittableRandom(49), 3);
        assertEquals(4, space.live(), "three largest and one smallest vector");
        pairs.release(space);
        assertEquals(0, space.live());
    }

    /** The reported residual is ‖A·x − θ·x‖ of the returned unit vector. */
    private static void assertTrueResidual(RitzPair<double[]> pair) {
        double[] x = pair.vector();
        assertEquals(1.0, Vectors.norm(x), 1e-14);
        double[] r = MATRIX.operator().times(x);
        for (int i = 0; i < r.length; i++) {
            r[i] -= pair.value() * x[i];
        }
        assertEquals(Vectors.norm(r), pair.residual(), 1e-12 * 10.0);
        assertEquals(pair.residual() / Math.abs(pair.value()), pair.relativeResidual(), 1e-15);
    }
}
