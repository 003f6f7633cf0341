package dev.lla.core.hesd;

/**
 * A Ritz vector of a Hessian copied to the host, for {@code eigenvectors.npz} and its IPR.
 *
 * @param batch the batch of a per-batch Hessian, null for the mean Hessian
 * @param key {@code top1} … {@code topk} (descending), or {@code min} for the most negative
 * @param value the Ritz value
 * @param residual {@code ‖Hx − θx‖}
 * @param relativeResidual residual / |θ|
 * @param converged whether the residual met the tolerance
 * @param values the unit vector, flat in parameter order (float32, as the parameters)
 */
public record Eigenvector(
        Integer batch, String key, double value, double residual, double relativeResidual, boolean converged,
        float[] values) {}
