package dev.lla.core.landscape;

import java.util.Locale;

/**
 * Scales a direction {@code d} against the original weights {@code w0}, per parameter tensor, so
 * that a step along it means the same relative change in every layer (Li et al. 2018,
 * "Visualizing the Loss Landscape of Neural Nets", sec. 4, filter normalization; the other schemes
 * follow the loss-landscapes library and LLA). With {@code p ∈ {1, 2}} the norms are true norms
 * (LLA's order-1 "norm" is a signed sum, which this does not copy).
 *
 * <p>Where a slice of {@code d} has norm zero, its factor is zero: the slice stays zero and
 * nothing is divided by zero.
 */
public enum DirectionNormalization {
    /** {@code d} unchanged. */
    NONE,
    /** {@code d ← d ⊙ w0}. */
    WEIGHT,
    /** Each filter {@code d_f ← d_f·‖w_f‖_p/‖d_f‖_p}; tensors of rank below 2 as one filter. */
    FILTER,
    /** Each tensor {@code d_t ← d_t·‖w_t‖_p/‖d_t‖_p}. */
    LAYER,
    /** One factor for the whole vector: {@code d ← d·‖w0‖_p/‖d‖_p}. */
    MODEL;

    /** The name as written on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Normalizes {@code d} in place against {@code w0} with p-norms of order {@code p}. */
    public <V> void apply(TensorwiseOps<V> ops, V d, V w0, int p) {
        if (p != 1 && p != 2) {
            throw new IllegalArgumentException("norm order must be 1 or 2, not " + p);
        }
        switch (this) {
            case NONE -> { }
            case WEIGHT -> ops.multiply(d, w0);
            case FILTER -> ops.scaleFilters(d, ratios(ops.filterNorms(w0, p), ops.filterNorms(d, p)));
            case LAYER -> ops.scaleTensors(d, ratios(ops.tensorNorms(w0, p), ops.tensorNorms(d, p)));
            case MODEL -> {
                double factor = ratio(total(ops.tensorNorms(w0, p), p), total(ops.tensorNorms(d, p), p));
                double[] factors = new double[ops.shapes().size()];
                java.util.Arrays.fill(factors, factor);
                ops.scaleTensors(d, factors);
            }
        }
    }

    /** The whole vector's p-norm from its tensors' p-norms. */
    static double total(double[] norms, int p) {
        double sum = 0;
        for (double n : norms) {
            sum += p == 1 ? n : n * n;
        }
        return p == 1 ? sum : Math.sqrt(sum);
    }

    private static double[][] ratios(double[][] target, double[][] current) {
        double[][] out = new double[target.length][];
        for (int t = 0; t < target.length; t++) {
            out[t] = ratios(target[t], current[t]);
        }
        return out;
    }

    private static double[] ratios(double[] target, double[] current) {
        double[] out = new double[target.length];
        for (int i = 0; i < target.length; i++) {
            out[i] = ratio(target[i], current[i]);
        }
        return out;
    }

    private static double ratio(double target, double current) {
        // A zero slice of d stays zero: any finite factor does, and 0 avoids 0/0 = NaN.
        double factor = current == 0 ? 0 : target / current;
        return Double.isFinite(factor) ? factor : 0;
    }
}
