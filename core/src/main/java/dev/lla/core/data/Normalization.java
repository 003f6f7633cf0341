package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Standardization {@code (x − mean) / std}, one pair for every value or one pair per channel,
 * applied after pixels are scaled to {@code [0, 1]} (so MNIST's usual constants are
 * {@code mean=0.1307, std=0.3081}). It must match what the model was trained with, or the
 * Hessian is that of a different input distribution.
 *
 * <p>With one pair it applies to any sample shape; with {@code k > 1} pairs the samples must be
 * images {@code [k, H, W]}, pair {@code c} standardizing channel {@code c}.
 *
 * @param mean subtracted, one per channel or a single one for all; finite
 * @param std divides, as many as {@code mean}; finite and {@code > 0}
 */
public record Normalization(List<Double> mean, List<Double> std) implements Transform {

    public Normalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.isEmpty() || mean.size() != std.size()) {
            throw LlaException.usage("normalization needs as many stds as means, at least one;"
                    + " got " + mean.size() + " means and " + std.size() + " stds");
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw LlaException.usage("normalization mean must be a finite number, got " + m);
            }
        }
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw LlaException.usage("normalization std must be a finite number > 0, got "
                        + s);
            }
        }
    }

    /** One pair for every value. */
    public Normalization(double mean, double std) {
        this(List.of(mean), List.of(std));
    }

    /** Number of channels this normalization is for; 1 when one pair serves all values. */
    public int channels() {
        return mean.size();
    }

    @Override
    public int[] outputShape(int[] shape) {
        if (channels() > 1 && (shape.length != 3 || shape[0] != channels())) {
            throw LlaException.usage(this + " gives " + channels() + " channels but the samples"
                    + " are " + Shapes.times(shape) + (shape.length == 3 ? " (after the transforms"
                    + " before it)" : "") + "; give one MEAN,STD or one pair per channel");
        }
        return shape.clone();
    }

    @Override
    public float[] apply(float[] sample, int[] shape) {
        float[] out = new float[sample.length];
        int plane = channels() == 1 ? sample.length : sample.length / channels();
        for (int j = 0; j < sample.length; j++) {
            int c = j / plane;
            out[j] = (float) ((sample[j] - mean.get(c)) / std.get(c));
        }
        return out;
    }

    /** The option's spelling: {@code normalize MEAN,STD} or {@code normalize M1,M2/S1,S2}. */
    @Override
    public String toString() {
        if (channels() == 1) {
            return "normalize " + mean.get(0) + "," + std.get(0);
        }
        return "normalize " + join(mean) + "/" + join(std);
    }

    private static String join(List<Double> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
