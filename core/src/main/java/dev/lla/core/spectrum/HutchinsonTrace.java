package dev.lla.core.spectrum;

import dev.lla.core.LlaException;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Hutchinson's trace estimator: {@code tr(A) = E[vᵀ·A·v]} for v with independent Rademacher (±1)
 * entries, averaged until the standard error is small relative to the mean.
 *
 * <p>Sampling stops after {@code maxSamples} draws, or earlier once at least {@code minSamples}
 * were drawn and {@code stderr ≤ relativeTolerance·|mean|}. The probe vectors are not normalized.
 * The variance of one sample is {@code 2·Σ_{i≠j} aᵢⱼ²}, so a diagonal operator gives the exact
 * trace with zero variance and stops at {@code minSamples}.
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

    /** Estimates the trace with probe vectors drawn in order from {@code random}. */
    public TraceEstimate estimate(SplittableRandom random) {
        double[] values = new double[maxSamples];
        V v = space.zeros();
        V av = space.zeros();
        try {
            // Welford's running mean and sum of squared deviations: stable, and exactly zero
            // deviation for identical samples.
            double mean = 0.0;
            double squaredDeviations = 0.0;
            int n = 0;
            while (n < maxSamples) {
                space.fillRademacher(v, random);
                operator.apply(v, av);
                double sample = space.dot(v, av);
                if (!Double.isFinite(sample)) {
                    throw LlaException.numerical(
                            "trace sample "
                                    + (n + 1)
                                    + " is "
                                    + sample
                                    + ": the operator returned non-finite values");
                }
                values[n++] = sample;
                double delta = sample - mean;
                mean += delta / n;
                squaredDeviations += delta * (sample - mean);
                if (n >= minSamples
                        && standardError(squaredDeviations, n)
                                <= relativeTolerance * Math.abs(mean)) {
                    break;
                }
            }
            return new TraceEstimate(
                    mean, standardError(squaredDeviations, n), n, Arrays.copyOf(values, n));
        } finally {
            space.release(v);
            space.release(av);
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
