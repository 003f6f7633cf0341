package dev.lla.core.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.spectrum.fixtures.CountingVectorSpace;
import dev.lla.core.spectrum.fixtures.PrescribedSpectrum;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HutchPlusPlusTraceTest {

    private static final int N = 150;

    /** λᵢ = 100/i²: a fast-decaying spectrum, where most of the trace sits in a few eigenvalues. */
    private static final PrescribedSpectrum DECAYING = PrescribedSpectrum.random(decaying(N), 61);

    private static double[] decaying(int n) {
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = 100.0 / ((i + 1.0) * (i + 1.0));
        }
        return lambda;
    }

    /** Rank r: r eigenvalues of mixed sign, the rest exactly 0. */
    private static PrescribedSpectrum lowRank(int r, long seed) {
        double[] lambda = new double[N];
        for (int i = 0; i < r; i++) {
            lambda[i] = (i % 2 == 0 ? 1 : -0.5) * (3.0 + i);
        }
        return PrescribedSpectrum.random(lambda, seed);
    }

    private static TraceEstimate hutchPlusPlus(PrescribedSpectrum a, int sketch, int min, int budget, double tol,
            long seed) {
        return new HutchPlusPlusTrace<>(new ArrayVectorSpace(N), a.operator(), sketch, min, budget, tol)
                .estimate(new SplittableRandom(seed));
    }

    @Test
    void operatorOfRankAtMostTheSketchGivesTheExactTrace() {
        PrescribedSpectrum a = lowRank(8, 62);
        TraceEstimate estimate = hutchPlusPlus(a, 10, 10, 100, 1e-3, 63);
        assertEquals(8, estimate.sketchRank(), "the sketch finds the whole range and drops the rest");
        assertEquals(a.trace(), estimate.deflated(), 1e-10 * Math.abs(a.trace()));
        assertEquals(a.trace(), estimate.mean(), 1e-10 * Math.abs(a.trace()));
        assertTrue(estimate.stderr() < 1e-12, "nothing is left to sample: stderr " + estimate.stderr());
        // 10 sketch products, 8 products of Q, then the 10 remainder samples the stopping rule needs.
        assertEquals(10 + 8 + 10, estimate.samples());
    }

    @Test
    void estimateIsWithinThreeStandardErrorsOfTheTrueTrace() {
        for (long seed = 64; seed < 70; seed++) {
            TraceEstimate estimate = hutchPlusPlus(DECAYING, 20, 10, 100, 0.0, seed);
            assertEquals(100, estimate.samples());
            assertEquals(60, estimate.values().length);
            assertTrue(estimate.stderr() > 0.0);
            assertEquals(DECAYING.trace(), estimate.mean(), 3.0 * estimate.stderr(), "seed " + seed);
        }
    }

    @Test
    void beatsHutchinsonOnTheSameProductBudgetForADecayingSpectrum() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        TraceEstimate plain = new HutchinsonTrace<>(space, DECAYING.operator(), 99, 99, 0.0)
                .estimate(HutchinsonTraceTest.streams(71));
        TraceEstimate plus = hutchPlusPlus(DECAYING, 33, 10, 99, 0.0, 71);
        assertEquals(99, plus.samples());
        // The top 33 eigenvalues hold all but 0.2% of the trace; Hutchinson's variance is
        // 2·Σ_{i≠j} aᵢⱼ², dominated by the top ones that the sketch removes.
        assertTrue(plus.stderr() < 0.05 * plain.stderr(),
                "Hutch++ stderr " + plus.stderr() + " against Hutchinson's " + plain.stderr());
        assertEquals(DECAYING.trace(), plus.mean(), 3.0 * plus.stderr());
    }

    @Test
    void meanIsTheDeflatedTraceAndTheRemainderMeanAndStderrIsTheRemainders() {
        TraceEstimate estimate = hutchPlusPlus(DECAYING, 5, 30, 40, 0.0, 72);
        double[] values = estimate.values();
        assertEquals(30, values.length);
        double mean = 0.0;
        for (double x : values) {
            mean += x / values.length;
        }
        double variance = 0.0;
        for (double x : values) {
            variance += (x - mean) * (x - mean) / (values.length - 1);
        }
        assertEquals(estimate.deflated() + mean, estimate.mean(), 1e-12 * Math.abs(estimate.mean()));
        assertEquals(Math.sqrt(variance / values.length), estimate.stderr(), 1e-12 * estimate.stderr());
        assertEquals(5, estimate.sketchRank());
    }

    @Test
    void stopsEarlyOnceTheRelativeStandardErrorIsMet() {
        TraceEstimate estimate = hutchPlusPlus(DECAYING, 10, 10, 1000, 0.01, 73);
        assertTrue(estimate.samples() < 1000, "stopped after " + estimate.samples());
        assertTrue(estimate.values().length >= 10);
        assertTrue(estimate.stderr() <= 0.01 * Math.abs(estimate.mean()));
    }

    @Test
    void sameSeedGivesIdenticalNumbersAndEveryVectorIsReleased() {
        CountingVectorSpace space = new CountingVectorSpace(N);
        HutchPlusPlusTrace<double[]> trace = new HutchPlusPlusTrace<>(space, DECAYING.operator(), 7, 10, 50, 0.0);
        TraceEstimate first = trace.estimate(new SplittableRandom(74));
        TraceEstimate second = trace.estimate(new SplittableRandom(74));
        assertArrayEquals(first.values(), second.values(), 0.0);
        assertEquals(first.mean(), second.mean(), 0.0);
        assertEquals(0, space.live());
    }

    @Test
    void budgetTooSmallForTheSketchIsAUsageError() {
        ArrayVectorSpace space = new ArrayVectorSpace(N);
        assertThrows(LlaException.class, () -> new HutchPlusPlusTrace<>(space, DECAYING.operator(), 10, 10, 29, 0.0));
        assertThrows(LlaException.class, () -> new HutchPlusPlusTrace<>(space, DECAYING.operator(), 0, 10, 29, 0.0));
        assertThrows(LlaException.class, () -> new HutchPlusPlusTrace<>(space, DECAYING.operator(), 1, 1, 29, 0.0));
    }

    @Test
    void nonFiniteProductIsANumericalError() {
        LinearOperator<double[]> broken = (x, out) -> java.util.Arrays.fill(out, Double.NaN);
        HutchPlusPlusTrace<double[]> trace = new HutchPlusPlusTrace<>(new ArrayVectorSpace(N), broken, 3, 2, 10, 0.0);
        LlaException e = assertThrows(LlaException.class, () -> trace.estimate(new SplittableRandom(75)));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
    }

    @Test
    void defaultSketchIsAThirdOfTheBudget() {
        assertEquals(33, HutchPlusPlusTrace.defaultSketch(100));
        assertEquals(1, HutchPlusPlusTrace.defaultSketch(2));
    }
}
