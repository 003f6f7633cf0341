package dev.lla.core.spectrum;

/**
 * A Monte Carlo estimate of {@code tr(A)} with its standard error.
 *
 * <p>For Hutchinson, {@code mean} is the mean of {@code values}. For Hutch++, {@code mean} is
 * {@code deflated} (the exact trace of A on the sketched subspace, {@code tr(QᵀAQ)}) plus the mean of
 * {@code values}, the Hutchinson samples of the deflated remainder; the standard error is theirs.
 *
 * <p>The array is shared, not copied: do not modify it.
 *
 * @param mean the trace estimate
 * @param stderr the standard error of the estimate, {@code s/√n} with the sample standard deviation
 *     s of {@code values} (denominator n − 1); {@code NaN} when there are fewer than 2 values
 * @param samples operator applications in all (for Hutch++ the sketch's too)
 * @param values each Hutchinson sample {@code vᵀ·A·v} (Hutch++: of the remainder), in drawing order
 * @param sketchRank Hutch++: the rank of the sketched subspace Q; 0 for Hutchinson
 * @param deflated Hutch++: {@code tr(QᵀAQ)}; 0 for Hutchinson
 */
public record TraceEstimate(
        double mean, double stderr, int samples, double[] values, int sketchRank, double deflated) {

    /** A Hutchinson estimate: no sketch. */
    public TraceEstimate(double mean, double stderr, int samples, double[] values) {
        this(mean, stderr, samples, values, 0, 0.0);
    }
}
