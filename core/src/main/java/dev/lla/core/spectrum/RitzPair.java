package dev.lla.core.spectrum;

/**
 * An approximate eigenpair {@code (θ, x)} of an operator with its true residual.
 *
 * @param value θ, the Ritz value (eigenvalue units)
 * @param vector x, a unit vector; owned by the caller, who frees it with {@link
 *     VectorSpace#release}
 * @param residual {@code ‖A·x − θ·x‖}, computed with one operator application (absolute)
 * @param relativeResidual {@code residual / |θ|} ({@code +∞} for θ = 0 unless the residual is 0)
 * @param converged whether the residual met the requested relative tolerance
 * @param <V> the vector type
 */
public record RitzPair<V>(
        double value, V vector, double residual, double relativeResidual, boolean converged) {}
