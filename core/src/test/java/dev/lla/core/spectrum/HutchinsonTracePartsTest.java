package dev.lla.core.spectrum;

import static dev.lla.core.spectrum.LanczosTest.clusteredSpectrum;
import static dev.lla.core.spectrum.HutchinsonTraceTest.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.spectrum.fixtures.DiagonalOperator;
import dev.lla.core.spectrum.fixtures.PrescribedSpectrum;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Hutchinson's trace in parts: the estimate equals that of one sequential run that draws sample i
 * from the stream of part i / 10 and tests the stopping rule after every sample, however the parts
 * were computed.
 */
class HutchinsonTracePartsTest {

    private static final int N = 120;
    private static final PrescribedSpectrum DENSE = PrescribedSpectrum.random(clusteredSpectrum(N, 81), 81);
    private static final ArrayVectorSpace SPACE = new ArrayVectorSpace(N);

    @Test
    void partsAreTenSamplesTheLastOneShorter() {
        HutchinsonTrace<double[]> trace = new HutchinsonTrace<>(SPACE, DENSE.operator(), 10, 25, 0.0);
        assertEquals(3, trace.parts());
        assertEquals(List.of(10, 10, 5), List.of(trace.partSize(0), trace.partSize(1), trace.partSize(2)));
        assertEquals(10, HutchinsonTrace.parts(100));
        assertEquals(1, HutchinsonTrace.parts(3));
    }

    @Test
    void denseOperatorUsingEverySampleEqualsTheSequentialReference() {
        HutchinsonTrace<double[]> trace = new HutchinsonTrace<>(SPACE, DENSE.operator(), 10, 35, 0.0);
        TraceEstimate reference = reference(DENSE.operator(), 10, 35, 0.0, 82);
        assertEquals(35, reference.samples());
        assertMatchesReference(reference, trace.estimate(streams(82)));
    }

    @Test
    void denseOperatorStoppedByTheToleranceInsideAPartEqualsTheSequentialReference() {
        HutchinsonTrace<double[]> trace = new HutchinsonTrace<>(SPACE, DENSE.operator(), 10, 100, TOLERANCE);
        TraceEstimate reference = reference(DENSE.operator(), 10, 100, TOLERANCE, 83);
        assertTrue(reference.samples() > 10 && reference.samples() < 100, "stopped after " + reference.samples());
        assertNotEquals(0, reference.samples() % HutchinsonTrace.PART_SAMPLES, "the rule stops inside a part");
        assertMatchesReference(reference, trace.estimate(streams(83)));
    }

    @Test
    void diagonalOperatorStopsAtTheMinimumInsideThePartWithTheExactTrace() {
        DiagonalOperator diagonal = new DiagonalOperator(clusteredSpectrum(N, 84));
        // Zero variance: the rule holds at the 13th sample, the fourth of part 1.
        HutchinsonTrace<double[]> trace = new HutchinsonTrace<>(SPACE, diagonal, 13, 40, 1e-3);
        TraceEstimate reference = reference(diagonal, 13, 40, 1e-3, 85);
        assertEquals(13, reference.samples());
        TraceEstimate estimate = trace.estimate(streams(85));
        assertMatchesReference(reference, estimate);
        assertEquals(diagonal.trace(), estimate.mean(), 1e-12 * Math.abs(diagonal.trace()));
        assertEquals(0.0, estimate.stderr(), 0.0);
    }

    @Test
    void aDenseOperatorInPartsComputedOutOfOrderGivesTheSameEstimate() {
        for (double tolerance : new double[] {0.0, TOLERANCE}) {
            HutchinsonTrace<double[]> trace = new HutchinsonTrace<>(SPACE, DENSE.operator(), 10, 100, tolerance);
            assertIdentical(trace.estimate(streams(83)), fromPartsInReverse(trace, 83));
        }
    }

    @Test
    void aDiagonalOperatorInPartsComputedOutOfOrderGivesTheSameEstimate() {
        DiagonalOperator diagonal = new DiagonalOperator(clusteredSpectrum(N, 84));
        HutchinsonTrace<double[]> trace = new HutchinsonTrace<>(SPACE, diagonal, 13, 40, 1e-3);
        assertIdentical(trace.estimate(streams(85)), fromPartsInReverse(trace, 85));
    }

    @Test
    void aPartComputedWithTheTallyEndsWhereTheRuleStops() {
        HutchinsonTrace<double[]> trace = new HutchinsonTrace<>(SPACE, DENSE.operator(), 10, 100, TOLERANCE);
        int stop = reference(DENSE.operator(), 10, 100, TOLERANCE, 83).samples();
        HutchinsonTrace<double[]>.Tally tally = trace.tally();
        int part = 0;
        for (; !tally.stopped(); part++) {
            double[] values = trace.samplePart(part, streams(83).apply(part), tally);
            double[] whole = trace.samplePart(part, streams(83).apply(part), null);
            assertArrayEquals(Arrays.copyOf(whole, values.length), values, 0.0, "part " + part);
        }
        assertEquals(stop, tally.samples());
        assertEquals((stop + 9) / 10, part, "no part after the stop");
    }

    @Test
    void aShortPartThatTheRuleDidNotEndIsRefused() {
        HutchinsonTrace<double[]> trace = new HutchinsonTrace<>(SPACE, DENSE.operator(), 10, 30, 0.0);
        double[] part0 = trace.samplePart(0, streams(86).apply(0), null);
        HutchinsonTrace<double[]>.Tally tally = trace.tally();
        assertThrows(RuntimeException.class, () -> tally.addPart(0, Arrays.copyOf(part0, 7)));
        HutchinsonTrace<double[]>.Tally inOrder = trace.tally();
        assertThrows(IllegalStateException.class, () -> inOrder.addPart(1, part0), "parts come in order");
    }

    /** Tolerance at which the dense estimate with seed 83 stops inside a part, after 35 samples (checked above). */
    private static final double TOLERANCE = 0.02;

    /** Every part computed whole, last first, then added in order until the rule stops. */
    private static TraceEstimate fromPartsInReverse(HutchinsonTrace<double[]> trace, long seed) {
        IntFunction<SplittableRandom> streams = streams(seed);
        List<double[]> parts = new ArrayList<>();
        for (int part = trace.parts() - 1; part >= 0; part--) {
            parts.add(0, trace.samplePart(part, streams.apply(part), null));
        }
        HutchinsonTrace<double[]>.Tally tally = trace.tally();
        for (int part = 0; part < parts.size() && !tally.stopped(); part++) {
            tally.addPart(part, parts.get(part));
        }
        return tally.estimate();
    }

    /**
     * The sequential estimator, sample by sample: sample i's probe is the (i mod 10 + 1)-th drawn
     * from part i / 10's stream, the mean and variance are summed afresh, and the rule is tested
     * after every sample.
     */
    private static TraceEstimate reference(LinearOperator<double[]> operator, int min, int max, double tolerance,
            long seed) {
        double[] values = new double[max];
        double[] probe = new double[N];
        double[] product = new double[N];
        int n = 0;
        while (n < max) {
            SplittableRandom stream = streams(seed).apply(n / 10);
            for (int k = 0; k <= n % 10; k++) {
                SPACE.fillRademacher(probe, stream);
            }
            operator.apply(probe, product);
            values[n++] = SPACE.dot(probe, product);
            double mean = Arrays.stream(values, 0, n).sum() / n;
            double variance = Arrays.stream(values, 0, n).map(x -> (x - mean) * (x - mean)).sum() / (n - 1);
            if (n >= min && Math.sqrt(variance / n) <= tolerance * Math.abs(mean)) {
                break;
            }
        }
        return new TraceEstimate(Double.NaN, Double.NaN, n, Arrays.copyOf(values, n));
    }

    /**
     * The same samples, bit for bit; the mean to rounding (the reference sums afresh, the
     * estimator runs Welford's update).
     */
    private static void assertMatchesReference(TraceEstimate reference, TraceEstimate actual) {
        assertEquals(reference.samples(), actual.samples());
        assertArrayEquals(reference.values(), actual.values(), 0.0);
        double mean = Arrays.stream(reference.values()).sum() / reference.samples();
        assertEquals(mean, actual.mean(), 1e-12 * Math.abs(mean));
    }

    /** Two estimates of the estimator itself: equal in every number. */
    private static void assertIdentical(TraceEstimate expected, TraceEstimate actual) {
        assertEquals(expected.samples(), actual.samples());
        assertArrayEquals(expected.values(), actual.values(), 0.0);
        assertEquals(expected.mean(), actual.mean(), 0.0);
        assertEquals(expected.stderr(), actual.stderr(), 0.0);
    }
}
