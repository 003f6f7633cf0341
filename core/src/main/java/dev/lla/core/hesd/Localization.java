package dev.lla.core.hesd;

import dev.lla.core.model.ParameterInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a direction in parameter space lives: its inverse participation ratio {@code IPR = Σ xᵢ⁴ /
 * (Σ xᵢ²)²} (1/P for a vector spread evenly over P entries, 1 for a single entry), and per
 * parameter tensor the share of the squared norm it carries and the IPR of its restriction to it.
 *
 * @param ipr IPR of the whole vector; NaN for the zero vector
 * @param tensors one share per parameter tensor, in parameter order
 */
public record Localization(double ipr, List<TensorShare> tensors) {

    /**
     * @param name the parameter tensor
     * @param size its entries
     * @param mass {@code Σ_{i∈t} xᵢ² / Σ xᵢ²}: the shares add up to 1
     * @param ipr the IPR of the vector restricted to the tensor; NaN where that restriction is 0
     */
    public record TensorShare(String name, long size, double mass, double ipr) {}

    public Localization {
        tensors = List.copyOf(tensors);
    }

    /** The localization of {@code x}, flat in the order of {@code parameters}; sums in float64. */
    public static Localization of(float[] x, List<ParameterInfo> parameters) {
        long total = parameters.stream().mapToLong(ParameterInfo::size).sum();
        if (total != x.length) {
            throw new IllegalArgumentException("vector of " + x.length + " entries for " + total + " parameters");
        }
        double[] squares = new double[parameters.size()];
        double[] fourths = new double[parameters.size()];
        int offset = 0;
        for (int t = 0; t < parameters.size(); t++) {
            int end = offset + Math.toIntExact(parameters.get(t).size());
            for (int i = offset; i < end; i++) {
                double s = (double) x[i] * x[i];
                squares[t] += s;
                fourths[t] += s * s;
            }
            offset = end;
        }
        double square = 0;
        double fourth = 0;
        for (int t = 0; t < squares.length; t++) {
            square += squares[t];
            fourth += fourths[t];
        }
        List<TensorShare> shares = new ArrayList<>(parameters.size());
        for (int t = 0; t < parameters.size(); t++) {
            ParameterInfo p = parameters.get(t);
            shares.add(new TensorShare(p.name(), p.size(), squares[t] / square, ratio(fourths[t], squares[t])));
        }
        return new Localization(ratio(fourth, square), shares);
    }

    private static double ratio(double fourth, double square) {
        return square > 0 ? fourth / (square * square) : Double.NaN;
    }
}
