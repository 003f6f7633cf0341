package dev.lla.core.connect;

import dev.lla.core.LlaException;
import dev.lla.core.model.ModelMode;

/**
 * Everything that fixes the numbers of {@code lla connect}.
 *
 * @param epochs passes over the training data to fit the curve's middle point θ (0: θ = (A+B)/2)
 * @param batchSize samples per training step
 * @param lr Adam's learning rate for θ
 * @param points values of t in [0, 1] where both paths are evaluated, endpoints included
 * @param mode BatchNorm mode of the evaluation along the paths (train: each batch's own statistics)
 * @param seed seed of the batches and of every t drawn
 */
public record ConnectConfig(int epochs, int batchSize, double lr, int points, ModelMode mode, long seed) {

    public ConnectConfig {
        if (epochs < 0) {
            throw LlaException.usage("--epochs must be 0 or more, got " + epochs);
        }
        if (batchSize < 1) {
            throw LlaException.usage("--batch-size must be at least 1, got " + batchSize);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw LlaException.usage("--lr must be positive, got " + lr);
        }
        if (points < 3) {
            throw LlaException.usage("--points must be at least 3, got " + points);
        }
    }
}
