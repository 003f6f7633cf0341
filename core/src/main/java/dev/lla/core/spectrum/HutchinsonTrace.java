package dev.lla.core.spectrum;

import dev.lla.core.LlaException;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Hutchinson's trace estimator: {@code tr(A) = E[vᵀ·A·v]} for v with independent Rademacher (±1)
 * entries, averaged until the standard error is small relative to the mean.
 *
 * <p>Sampling stops after {@code maxSamples} draws, or earlier once at least {@code minSamples}
 * were drawn and {@code stderr ≤ relativeTolerance·|mean|}. The probe vectors are not normalized.
 * The variance of one sample is {@code 2·Σ_{i≠j} aᵢⱼ²}, so a diagonal operator gives the exact
 * trace with zero variance and stops at {@code minSamples}.
 *
 * <p>The samples come in parts of {@link #PART_SAMPLES}: part j holds samples {@code 10j ..
 * 10j + 9}, whose probes are drawn in order from part j's own stream. So any part can be computed
 * alone (on another device, in another shard, in any order), and a {@link Tally} fed the parts in
 * order applies the stopping rule sample by sample, exactly as one sequential run would: the
 * estimate never depends on which parts were computed where, only on the samples the rule used.
 *
 * <p>References: M. F. Hutchinson, "A stochastic estimator of the trace of the influence matrix for
 * Laplacian smoothing splines", Comm. Statist. Simulation Comput. 18 (1989); H. Avron and S.
 * Toledo, "Randomized algorithms for estimating the trace of an implicit symmetric positive
 * semi-definite matrix", J. ACM 58 (2011). Cost: one operator application per sample; memory: two
 * vectors.
 *
 * @param <V> the vector type
 */
public final class HutchinsonTrace<V> {

    /** METHODS.md: up to 100 samples. */
    public static final int DEFAULT_MAX_SAMPLES = 100;

    /** Fewest samples before the stopping test, so that the standard error means something. */
    public static final int DEFAULT_MIN_SAMPLES = 10;

    /** METHODS.md: relative tolerance 1e-3 on the standard error. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-3;

    /**
     * Samples per part. As many as the default minimum, so the first part is what the stopping test
     * needs before it applies; 100 samples make 10 parts, short beside a 100-step SLQ run, so two
     * devices sharing a job end within about 10 products of each other, while a device computing
     * a part the rule turns out not to need wastes at most 10.
     */
    public static final int PART_SAMPLES = 10;

    private final VectorSpace<V> space;
    private final LinearOperator<V> operator;
    private final int minSamples;
    private final int maxSamples;
    private final double relativeTolerance;

    /** An estimator with the defaults: 10 to 100 samples, relative tolerance 1e-3. */
    public HutchinsonTrace(VectorSpace<V> space, LinearOperator<V> operator) {
        this(space, operator, DEFAULT_MIN_SAMPLES, DEFAULT_MAX_SAMPLES, DEFAULT_RELATIVE_TOLERANCE);
    }

    /**
     * @param minSamples samples drawn before the stopping test applies, ≥ 1
     * @param maxSamples the most samples, ≥ minSamples
     * @param relativeTolerance stop when {@code stderr ≤ relativeTolerance·|mean|}, ≥ 0 (0 stops
     *     early only on zero variance)
     */
    public HutchinsonTrace(
            VectorSpace<V> space,
            LinearOperator<V> operator,
            int minSamples,
            int maxSamples,
            double relativeTolerance) {
        if (minSamples < 1 || maxSamples < minSamples) {
            throw LlaException.usage(
                    "trace samples need 1 ≤ min ≤ max, got min "
                            + minSamples
                            + ", max "
                            + maxSamples);
        }
        if (!(relativeTolerance >= 0.0) || !Double.isFinite(relativeTolerance)) {
            throw LlaException.usage(
                    "trace tolerance must be finite and ≥ 0, got " + relativeTolerance);
        }
        this.space = space;
        this.operator = operator;
        this.minSamples = minSamples;
        this.maxSamples = maxSamples;
        this.relativeTolerance = relativeTolerance;
    }

    /** The parts of at most {@code maxSamples} samples: ⌈maxSamples / {@link #PART_SAMPLES}⌉. */
    public static int parts(int maxSamples) {
        return (maxSamples + PART_SAMPLES - 1) / PART_SAMPLES;
    }

    /** This estimator's parts. */
    public int parts() {
        return parts(maxSamples);
    }

    /** The samples of part {@code part}: {@link #PART_SAMPLES}, fewer in the last part. */
    public int partSize(int part) {
        return Math.min(PART_SAMPLES, maxSamples - part * PART_SAMPLES);
    }

    /**
     * Estimates the trace as one run does: the parts in order, part j's probes drawn from
     * {@code partStreams.apply(j)}, stopping at the first sample where the rule holds (no later
     * part is computed).
     */
    public TraceEstimate estimate(IntFunction<SplittableRandom> partStreams) {
        Tally tally = tally();
        for (int part = 0; part < parts() && !tally.stopped(); part++) {
            samplePart(part, partStreams.apply(part), tally);
        }
        return tally.estimate();
    }

    /**
     * The samples of part {@code part}, probes drawn in order from {@code random}. With the
     * {@code tally} of every sample before the part, each sample is added to it and the part ends
     * where the rule stops; with none (the earlier parts are computed elsewhere) it computes all
     * of them.
     */
    public double[] samplePart(int part, SplittableRandom random, Tally tally) {
        if (part < 0 || part >= parts()) {
            throw new IllegalArgumentException("part " + part + " of " + parts());
        }
        int first = part * PART_SAMPLES;
        if (tally != null && (tally.stopped() || tally.samples() != first)) {
            throw new IllegalStateException("part " + part + " needs a tally of " + first
                    + " samples that has not stopped, got " + tally.samples());
        }
        double[] values = new double[partSize(part)];
        V v = space.zeros();
        V av = space.zeros();
        try {
            int k = 0;
            while (k < values.length) {
                space.fillRademacher(v, random);
                operator.apply(v, av);
                double sample = space.dot(v, av);
                if (!Double.isFinite(sample)) {
                    throw LlaException.numerical("trace sample " + (first + k + 1) + " is " + sample
                            + ": the operator returned non-finite values");
                }
                values[k++] = sample;
                if (tally != null && tally.add(sample)) {
                    break;
                }
            }
            return k == values.length ? values : Arrays.copyOf(values, k);
        } finally {
            space.release(v);
            space.release(av);
        }
    }

    /** A tally of no samples yet, under this estimator's stopping rule. */
    public Tally tally() {
        return new Tally();
    }

    /**
     * The samples so far, in order, and whether the stopping rule has ended the estimate: Welford's
     * running mean and sum of squared deviations (stable, and exactly zero deviation for identical
     * samples), tested after every sample.
     */
    public final class Tally {
        private final double[] values = new double[maxSamples];
        private int n;
        private double mean;
        private double squaredDeviations;
        private boolean stopped;

        private Tally() {}

        /** Adds the next sample; returns whether the estimate has now ended (by the rule, or at the most samples). */
        public boolean add(double sample) {
            if (stopped) {
                throw new IllegalStateException("the estimate ended after " + n + " samples");
            }
            values[n++] = sample;
            double delta = sample - mean;
            mean += delta / n;
            squaredDeviations += delta * (sample - mean);
            stopped = n == maxSamples
                    || n >= minSamples && standardError(squaredDeviations, n) <= relativeTolerance * Math.abs(mean);
            return stopped;
        }

        /**
         * Adds part {@code part}'s samples, computed whole or ended by the rule, up to where the rule
         * stops. Parts come in order; a part shorter than its size must end where the rule stops,
         * else its samples were not all computed (a damaged journal) and the estimate would differ.
         */
        public void addPart(int part, double[] partValues) {
            if (stopped || n != part * PART_SAMPLES) {
                throw new IllegalStateException("part " + part + " added to a tally of " + n + " samples"
                        + (stopped ? " that has ended" : ""));
            }
            for (double sample : partValues) {
                if (add(sample)) {
                    return;
                }
            }
            if (partValues.length != partSize(part)) {
                throw LlaException.input("trace part " + part + " holds " + partValues.length + " of its "
                        + partSize(part) + " samples but the estimate goes on past it");
            }
        }

        /** Whether the estimate has ended: no more samples are needed. */
        public boolean stopped() {
            return stopped;
        }

        /** The samples added. */
        public int samples() {
            return n;
        }

        /** The estimate from the samples added. */
        public TraceEstimate estimate() {
            return new TraceEstimate(mean, standardError(squaredDeviations, n), n, Arrays.copyOf(values, n));
        }
    }

    /** {@code s/√n} with {@code s² = squaredDeviations/(n − 1)}; NaN for n < 2. */
    private static double standardError(double squaredDeviations, int n) {
        if (n < 2) {
            return Double.NaN;
        }
        return Math.sqrt(squaredDeviations / (n - 1) / n);
    }
}
