package dev.lla.core.spectrum;

/**
 * A Monte Carlo estimate of {@code tr(A)} with its standard error.
 *
 * <p>The array is shared, not copied: do not modify it.
 *
 * @param mean the sample mean of {@code vᵀ·A·v}, the trace estimate
 * @param stderr the standard error of the mean, {@code s/√n} with the sample standard deviation s
 *     (denominator n − 1); {@code NaN} when n < 2
 * @param samples n, the number of probe vectors (operator applications)
 * @param values each sample {@code vᵀ·A·v}, in drawing order
 */
public record TraceEstimate(double mean, double stderr, int samples, double[] values) {}
