package dev.lla.core.track;

import dev.lla.core.LlaException;
import dev.lla.core.model.ModelMode;

/**
 * Everything that fixes the numbers of {@code lla track}.
 *
 * @param topK largest eigenpairs per checkpoint, ≥ 1
 * @param eigenTolerance converged when ‖Hx − θx‖ ≤ this × |θ|
 * @param eigenIterations most Lanczos steps per checkpoint, &gt; topK
 * @param mode BatchNorm mode of the Hessian
 * @param seed seed of the start vector (the same for every checkpoint)
 */
public record TrackConfig(int topK, double eigenTolerance, int eigenIterations, ModelMode mode, long seed) {

    public TrackConfig {
        if (topK < 1) {
            throw LlaException.usage("--top-k must be at least 1, got " + topK);
        }
        if (!(eigenTolerance > 0)) {
            throw LlaException.usage("--eigen-tol must be positive, got " + eigenTolerance);
        }
        if (eigenIterations < topK + 1) {
            throw LlaException.usage("--eigen-iterations must exceed --top-k, got " + eigenIterations);
        }
    }
}
