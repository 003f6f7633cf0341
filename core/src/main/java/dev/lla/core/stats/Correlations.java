package dev.lla.core.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Pearson's and Spearman's correlation coefficients of paired samples.
 *
 * <p>Pearson: {@code r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²)}. Spearman: Pearson's r of the
 * ranks, tied values sharing the average of the ranks they span (the "mid-rank" convention of
 * scipy.stats.spearmanr). Both are undefined, with the reason, when there are fewer than
 * {@link Correlation#MIN_PAIRS} pairs, when a value is not finite (no pair is silently dropped),
 * or when either variable is constant (zero variance). Cost O(n log n).
 */
public final class Correlations {

    private Correlations() {}

    /** Pearson's product-moment correlation of {@code x} and {@code y}. */
    public static Correlation pearson(double[] x, double[] y) {
        String problem = problem(x, y);
        if (problem != null) {
            return Correlation.undefined(x.length, problem);
        }
        int n = x.length;
        double meanX = Arrays.stream(x).average().orElseThrow();
        double meanY = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - meanX;
            double dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        // Exact zero only for exactly constant input; checked before on the raw values too.
        if (sxx == 0 || syy == 0) {
            return Correlation.undefined(n, "zero variance: " + (sxx == 0 ? "the first" : "the second")
                    + " variable is constant");
        }
        return Correlation.of(sxy / Math.sqrt(sxx * syy), n);
    }

    /** Spearman's rank correlation of {@code x} and {@code y}, ties at their average rank. */
    public static Correlation spearman(double[] x, double[] y) {
        String problem = problem(x, y);
        if (problem != null) {
            return Correlation.undefined(x.length, problem);
        }
        return pearson(ranks(x), ranks(y));
    }

    /**
     * Ranks 1..n of {@code values} (finite), tied values each getting the mean of the ranks they
     * occupy: {@code ranks([10, 20, 20, 30]) = [1, 2.5, 2.5, 4]}.
     */
    public static double[] ranks(double[] values) {
        Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            // positions start..end (0-based) hold ranks start+1..end+1; their mean:
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    /** Why no correlation can be computed, or null. */
    private static String problem(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        if (x.length < Correlation.MIN_PAIRS) {
            return "fewer than " + Correlation.MIN_PAIRS + " pairs (" + x.length + ")";
        }
        int nonFinite = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                nonFinite++;
            }
        }
        if (nonFinite > 0) {
            return nonFinite + " of " + x.length + " pairs have an undefined value";
        }
        if (constant(x) || constant(y)) {
            return "zero variance: " + (constant(x) ? "the first" : "the second") + " variable is constant";
        }
        return null;
    }

    private static boolean constant(double[] values) {
        return Arrays.stream(values).allMatch(v -> v == values[0]);
    }
}
