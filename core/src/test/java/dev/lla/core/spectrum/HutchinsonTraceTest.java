package dev.lla.core.spectrum;

import static dev.lla.core.spectrum.LanczosTest.clusteredSpectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.spectrum.fixtures.CountingVectorSpace;
import dev.lla.core.spectrum.fixtures.DiagonalOperator;
import dev.lla.core.spectrum.fixtures.PrescribedSpectrum;

import org.junit.jupiter.api.Test;

import dev.lla.core.random.Seeds;

import java.util.SplittableRandom;
import java.util.function.IntFunction;

class HutchinsonTraceTest {

    private static final int N = 150;
    private static final PrescribedSpectrum MATRIX =
            PrescribedSpectrum.random(clusteredSpectrum(N, 51), 51);

    @Test
    void denseMatrixTraceIsWithinThreeStandardErrors() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        TraceEstimate estimate =
                new HutchinsonTrace<>(space, MATRIX.operator(), 10, 100, 0.0)
                        .estimate(streams(52));
        assertEquals(100, estimate.samples());
        assertEquals(100, estimate.values().length);
        assertEquals(MATRIX.trace(), estimate.mean(), 3.0 * estimate.stderr());
        assertTrue(estimate.stderr() > 0.0);
    }

    @Test
    void standardErrorShrinksLikeOneOverRootN() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        TraceEstimate few =
                new HutchinsonTrace<>(space, MATRIX.operator(), 20, 20, 0.0)
                        .estimate(streams(53));
        TraceEstimate many =
                new HutchinsonTrace<>(space, MATRIX.operator(), 500, 500, 0.0)
                        .estimate(streams(53));
        // Expected ratio √(20/500) = 0.2; the sample standard deviations differ by chance.
        assertTrue(
                many.stderr() < 0.4 * few.stderr(),
                "stderr " + few.stderr() + " with 20 samples, " + many.stderr() + " with 500");
        assertEquals(MATRIX.trace(), many.mean(), 3.0 * many.stderr());
    }

    @Test
    void stderrIsTheSampleStandardDeviationOverRootN() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        TraceEstimate estimate =
                new HutchinsonTrace<>(space, MATRIX.operator(), 30, 30, 0.0)
                        .estimate(streams(54));
        double mean = 0.0;
        for (double x : estimate.values()) {
            mean += x / 30;
        }
        double variance = 0.0;
        for (double x : estimate.values()) {
            variance += (x - mean) * (x - mean) / 29;
        }
        assertEquals(mean, estimate.mean(), 1e-12 * Math.abs(mean));
        assertEquals(Math.sqrt(variance / 30), estimate.stderr(), 1e-12 * estimate.stderr());
    }

    @Test
    void stopsEarlyOnceTheRelativeStandardErrorIsMet() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        TraceEstimate estimate =
                new HutchinsonTrace<>(space, MATRIX.operator(), 10, 1000, 0.05)
                        .estimate(streams(55));
        assertTrue(estimate.samples() < 1000);
        assertTrue(estimate.samples() >= 10);
        assertTrue(estimate.stderr() <= 0.05 * Math.abs(estimate.mean()));
    }

    @Test
    void diagonalOperatorGivesTheExactTraceWithZeroVariance() {
        double[] diagonal = clusteredSpectrum(N, 56);
        DiagonalOperator operator = new DiagonalOperator(diagonal);
        TraceEstimate estimate =
                new HutchinsonTrace<>(new ArrayVectorSpace(N), operator)
                        .estimate(streams(57));
        assertEquals(HutchinsonTrace.DEFAULT_MIN_SAMPLES, estimate.samples());
        assertEquals(0.0, estimate.stderr(), 0.0);
        assertEquals(operator.trace(), estimate.mean(), 0.0);
    }

    @Test
    void oneSampleHasNoStandardError() {
        TraceEstimate estimate =
                new HutchinsonTrace<>(new ArrayVectorSpace(N), MATRIX.operator(), 1, 1, 1e-3)
                        .estimate(streams(58));
        assertEquals(1, estimate.samples());
        assertTrue(Double.isNaN(estimate.stderr()));
    }

    @Test
    void sameSeedGivesIdenticalSamplesAndEveryVectorIsReleased() {
        CountingVectorSpace space = new CountingVectorSpace(N);
        HutchinsonTrace<double[]> hutchinson = new HutchinsonTrace<>(space, MATRIX.operator());
        TraceEstimate first = hutchinson.estimate(streams(59));
        TraceEstimate second = hutchinson.estimate(streams(59));
        assertArrayEquals(first.values(), second.values(), 0.0);
        assertEquals(first.mean(), second.mean(), 0.0);
        assertEquals(0, space.live());
    }

    /** One seed stream per part of the trace, as hesd's jobs draw them. */
    static IntFunction<SplittableRandom> streams(long seed) {
        return part -> Seeds.stream(seed, "trace", 0, part);
    }
}
