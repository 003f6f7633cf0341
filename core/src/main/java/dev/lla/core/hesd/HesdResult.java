package dev.lla.core.hesd;

import dev.lla.core.spectrum.Density;
import java.util.List;

/**
 * The numbers of a Hessian spectral analysis: a pure function of the inputs, options and seed
 * (what the work cost is in {@link HesdRun}).
 *
 * @param batches the batches analysed, with loss and accuracy at the weights
 * @param slq every SLQ run: its Gauss quadrature nodes and weights
 * @param density the smoothed spectral density over all runs
 * @param eigen extreme eigenvalues of each Hessian analysed (one per batch, or one for the mean)
 * @param topEigenvalues the k largest, descending: of the mean Hessian, or averaged over batches
 * @param minEigenvalue the most negative (smallest) eigenvalue, aggregated like topEigenvalues
 * @param trace Hutchinson estimate of tr(H), or null when skipped
 */
public record HesdResult(
        List<BatchSummary> batches,
        List<SlqRun> slq,
        Density density,
        List<HessianEigen> eigen,
        double[] topEigenvalues,
        double minEigenvalue,
        TraceSummary trace) {

    /** A batch and the loss and accuracy of the model on it. */
    public record BatchSummary(int batch, int size, double loss, double accuracy) {}

    /**
     * One SLQ run; {@code batch} is null for the mean Hessian. {@code reorthogonalizations} counts
     * the Lanczos steps that projected against the stored basis (all of them unless partial).
     */
    public record SlqRun(
            Integer batch,
            int run,
            double[] nodes,
            double[] weights,
            int iterations,
            boolean exhausted,
            int reorthogonalizations) {}

    /** One eigenvalue estimate with its convergence evidence. */
    public record Eigenvalue(double value, double residual, double relativeResidual, boolean converged) {}

    /**
     * Extreme eigenvalues of one Hessian ({@code batch} null for the mean Hessian); {@code top}
     * may hold fewer than k values when the Krylov space was exhausted first.
     */
    public record HessianEigen(
            Integer batch, List<Eigenvalue> top, Eigenvalue min, int iterations, boolean exhausted) {}

    /** Trace estimate, pooled over batches with sample weights. */
    public record TraceSummary(double mean, double stderr, int samples, List<Double> perHessian) {}
}
