package dev.lla.core.criteria;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One criterion over all runs × batches: its values ({@code NaN} where undefined, written as
 * {@code null} in JSON), the summary of the defined ones, and why the others are undefined.
 *
 * @param mean mean of the defined values (NaN when none is defined)
 * @param std sample standard deviation (n − 1) of the defined values (NaN below two): the spread
 *     of one run's estimate
 * @param standardError the spread of the mean, which falls as batches are added (the paper's
 *     "variation drops with N"). Runs on one batch share that batch, so with two or more batches
 *     it is the standard deviation of the per-batch means over √(batches); with one batch, std/√n
 *     (start-vector noise only)
 * @param min smallest defined value
 * @param max largest defined value
 * @param values every run's value, in batch and run order
 * @param undefined how many runs left it undefined
 * @param reasons distinct reasons with their counts
 */
public record CriterionStats(
        double mean,
        double std,
        double standardError,
        double min,
        double max,
        double[] values,
        int undefined,
        Map<String, Integer> reasons) {

    /** Number of defined values. */
    public int defined() {
        return values.length - undefined;
    }

    /**
     * Summarises {@code values}, the i-th from batch {@code batches[i]} (null for the mean
     * Hessian); {@code reasons} holds one entry per undefined value.
     */
    public static CriterionStats of(double[] values, Integer[] batches, List<String> reasons) {
        List<Double> defined = new ArrayList<>();
        for (double v : values) {
            if (Double.isFinite(v)) {
                defined.add(v);
            }
        }
        Map<String, Integer> counted = new LinkedHashMap<>();
        for (String reason : reasons) {
            counted.merge(generalize(reason), 1, Integer::sum);
        }
        int n = defined.size();
        double mean = defined.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = defined.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double std = n >= 2 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        double min = defined.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = defined.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double standardError = standardError(values, batches, std, n);
        return new CriterionStats(mean, std, standardError, min, max, values.clone(), values.length - n, counted);
    }

    private static double standardError(double[] values, Integer[] batches, double std, int n) {
        Map<Integer, List<Double>> byBatch = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                byBatch.computeIfAbsent(batches[i], b -> new ArrayList<>()).add(values[i]);
            }
        }
        if (byBatch.size() < 2) {
            return n >= 2 ? std / Math.sqrt(n) : Double.NaN;
        }
        double[] means = byBatch.values().stream()
                .mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .toArray();
        double grand = java.util.Arrays.stream(means).average().orElseThrow();
        double ss = java.util.Arrays.stream(means).map(m -> (m - grand) * (m - grand)).sum();
        return Math.sqrt(ss / (means.length - 1)) / Math.sqrt(means.length);
    }

    /** Groups reasons that differ only in the figure they quote. */
    private static String generalize(String reason) {
        int paren = reason.indexOf(" (");
        return paren > 0 ? reason.substring(0, paren) : reason;
    }
}
