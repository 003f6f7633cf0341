package dev.lla.core.landscape;

import dev.lla.core.LlaException;
import dev.lla.core.model.ModelMode;

/**
 * Everything that fixes the numbers of a loss landscape along random directions.
 *
 * @param dims 1 (a curve along d1) or 2 (a surface along d1, d2)
 * @param steps intervals per axis, S; even, so that the original weights are the centre grid
 *     point {@code α_{S/2} = 0}
 * @param dist width of each axis: {@code α_i = (i − S/2)·dist/S}
 * @param distribution entries of the random directions
 * @param normalization scaling of each direction against the original weights
 * @param normOrder p of the p-norms, 1 or 2
 * @param ignoreBiasBn zero the rank-1 tensors (biases, BatchNorm) of the directions, as Li et al.
 * @param explosionFactor a point explodes when its loss exceeds this × the origin's, or is not finite
 * @param seed seed of the directions
 * @param mode BatchNorm mode of every evaluation
 */
public record LandscapeConfig(
        int dims,
        int steps,
        double dist,
        RandomDistribution distribution,
        DirectionNormalization normalization,
        int normOrder,
        boolean ignoreBiasBn,
        double explosionFactor,
        long seed,
        ModelMode mode) {

    public LandscapeConfig {
        require(dims == 1 || dims == 2, "--dims must be 1 or 2, got " + dims);
        require(steps >= 2 && steps % 2 == 0,
                "--steps must be even and at least 2 (the original weights are the centre point), got " + steps);
        require(dist > 0 && Double.isFinite(dist), "--dist must be positive, got " + dist);
        require(normOrder == 1 || normOrder == 2, "--norm-order must be 1 or 2, got " + normOrder);
        require(explosionFactor > 1 && Double.isFinite(explosionFactor),
                "--explosion-factor must be a finite number above 1, got " + explosionFactor);
        require(distribution != null && normalization != null && mode != null, "distribution, normalization and mode must be given");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw LlaException.usage(message);
        }
    }

    /** The S + 1 coordinates of an axis, {@code (i − S/2)·dist/S}, computed exactly per index. */
    public double[] axis() {
        double[] a = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            a[i] = (i - steps / 2) * dist / steps;
        }
        return a;
    }
}
