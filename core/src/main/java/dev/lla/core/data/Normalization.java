package dev.lla.core.data;

import dev.lla.core.LlaException;

/**
 * Per-value standardization {@code (x − mean) / std}, applied after pixels are scaled to
 * {@code [0, 1]} (so MNIST's usual constants are {@code mean=0.1307, std=0.3081}). It must match
 * what the model was trained with, or the Hessian is that of a different input distribution.
 *
 * @param mean subtracted from every value; finite
 * @param std divides every value; finite and {@code > 0}
 */
public record Normalization(double mean, double std) {

    public Normalization {
        if (!Double.isFinite(mean)) {
            throw LlaException.usage("normalization mean must be a finite number, got " + mean);
        }
        if (!(std > 0) || !Double.isFinite(std)) {
            throw LlaException.usage("normalization std must be a finite number > 0, got " + std);
        }
    }

    /** Returns {@code (x − mean) / std}, computed in double and rounded once to float. */
    public float apply(float x) {
        return (float) ((x - mean) / std);
    }

    @Override
    public String toString() {
        return "(x − " + mean + ")/" + std;
    }
}
