package dev.lla.core.spectrum;

import static dev.lla.core.spectrum.LanczosTest.clusteredSpectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.spectrum.fixtures.CountingVectorSpace;
import dev.lla.core.spectrum.fixtures.DiagonalOperator;
import dev.lla.core.spectrum.fixtures.PrescribedSpectrum;
import dev.lla.core.spectrum.fixtures.Vectors;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

class StochasticLanczosQuadratureTest {

    private static final int N = 120;
    private static final PrescribedSpectrum MATRIX =
            PrescribedSpectrum.random(clusteredSpectrum(N, 21), 21);

    @Test
    void weightsSumToOneAndFirstMomentIsTheRayleighQuotientOfTheStartVector() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        QuadratureRun run = quadrature(space, MATRIX.operator(), 30).run(new SplittableRandom(22));

        double[] v = space.zeros();
        space.fillRademacher(v, new SplittableRandom(22)); // the same start vector
        v = Vectors.normalized(v);
        double rayleigh = Vectors.dot(v, MATRIX.operator().times(v));

        assertEquals(30, run.iterations());
        assertEquals(1.0, run.moment(0), 1e-14);
        assertEquals(rayleigh, run.moment(1), 1e-13);
        for (double weight : run.weights()) {
            assertTrue(weight >= 0.0);
        }
        for (int k = 1; k < run.nodes().length; k++) {
            assertTrue(run.nodes()[k - 1] <= run.nodes()[k], "nodes ascending");
        }
    }

    @Test
    void momentsOfTheQuadratureMeasureEqualThoseOfTheStartVector() {
        // m steps make the rule exact for polynomials of degree < 2m: here p ≤ 3 < 2m.
        double[] spectrum = clusteredSpectrum(N, 23);
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        QuadratureRun run =
                quadrature(space, new DiagonalOperator(spectrum), 20).run(new SplittableRandom(24));
        double[] v = space.zeros();
        space.fillRademacher(v, new SplittableRandom(24));
        v = Vectors.normalized(v);
        for (int p = 1; p <= 3; p++) {
            double direct = 0.0; // vᵀ Aᵖ v for diagonal A
            for (int i = 0; i < N; i++) {
                direct += v[i] * v[i] * Math.pow(spectrum[i], p);
            }
            assertEquals(direct, run.moment(p), 1e-12 * Math.pow(10.0, p), "moment " + p);
        }
    }

    @Test
    void exhaustedRunIsTheExactSpectralMeasure() {
        // Rademacher entries make vᵢ² = 1/n, so each eigenvalue's weight is its multiplicity / n.
        double[] spectrum = new double[12];
        for (int i = 0; i < spectrum.length; i++) {
            spectrum[i] = i < 6 ? -1.0 : i < 10 ? 2.0 : 7.0;
        }
        ArrayVectorSpace space = new ArrayVectorSpace(spectrum.length);
        QuadratureRun run =
                quadrature(space, new DiagonalOperator(spectrum), 10).run(new SplittableRandom(25));
        assertTrue(run.exhausted());
        assertEquals(3, run.iterations());
        assertArrayEquals(new double[] {-1.0, 2.0, 7.0}, run.nodes(), 1e-13);
        assertArrayEquals(new double[] {6.0 / 12, 4.0 / 12, 2.0 / 12}, run.weights(), 1e-14);
    }

    @Test
    void averageFirstMomentEstimatesTraceOverDimension() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        List<QuadratureRun> runs =
                quadrature(space, MATRIX.operator(), 5).runs(400, new SplittableRandom(26));
        double[] means = runs.stream().mapToDouble(run -> run.moment(1)).toArray();
        double mean = 0.0;
        for (double x : means) {
            mean += x / means.length;
        }
        double variance = 0.0;
        for (double x : means) {
            variance += (x - mean) * (x - mean) / (means.length - 1);
        }
        double stderr = Math.sqrt(variance / means.length);
        // Var(vᵀAv) = 2·Σ_{i≠j} aᵢⱼ² for Rademacher v (Hutchinson 1989); v here is divided by √n.
        double offDiagonal = 0.0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                offDiagonal +=
                        i == j
                                ? 0.0
                                : MATRIX.operator().entry(i, j) * MATRIX.operator().entry(i, j);
            }
        }
        double expectedStderr = Math.sqrt(2.0 * offDiagonal / ((double) N * N) / means.length);
        assertEquals(MATRIX.trace() / N, mean, 3.0 * expectedStderr);
        assertEquals(expectedStderr, stderr, 0.2 * expectedStderr);
    }

    @Test
    void boundedWindowRunsGiveAProbabilityMeasureWithTheRightMean() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        StochasticLanczosQuadrature<double[]> slq =
                new StochasticLanczosQuadrature<>(
                        Lanczos.boundedWindow(space, MATRIX.operator(), 10), 60);
        QuadratureRun run = slq.run(new SplittableRandom(27));
        double[] v = space.zeros();
        space.fillRademacher(v, new SplittableRandom(27));
        v = Vectors.normalized(v);
        assertEquals(1.0, run.moment(0), 1e-13);
        assertEquals(Vectors.dot(v, MATRIX.operator().times(v)), run.moment(1), 1e-12);
        assertEquals(10.0, run.maxNode(), 1e-8);
        assertEquals(-3.0, run.minNode(), 1e-8);
    }

    @Test
    void sameSeedGivesIdenticalRuns() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        StochasticLanczosQuadrature<double[]> slq = quadrature(space, MATRIX.operator(), 25);
        List<QuadratureRun> first = slq.runs(3, new SplittableRandom(28));
        List<QuadratureRun> second = slq.runs(3, new SplittableRandom(28));
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(first.get(r).nodes(), second.get(r).nodes(), 0.0);
            assertArrayEquals(first.get(r).weights(), second.get(r).weights(), 0.0);
        }
    }

    @Test
    void everyVectorIsReleased() {
        CountingVectorSpace space = new CountingVectorSpace(N);
        quadrature(space, MATRIX.operator(), 15).runs(2, new SplittableRandom(29));
        assertEquals(0, space.live());
    }

    private static StochasticLanczosQuadrature<double[]> quadrature(
            VectorSpace<double[]> space, LinearOperator<double[]> operator, int steps) {
        return new StochasticLanczosQuadrature<>(
                Lanczos.fullReorthogonalization(space, operator), steps);
    }
}
