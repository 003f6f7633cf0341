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
 * @param standardError {@code std / √n}: the spread of the mean, which falls as batches and runs
 *     are added (the paper's "variation drops with N")
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

    /** Summarises {@code values}; {@code reasons} holds one entry per undefined value. */
    public static CriterionStats of(double[] values, List<String> reasons) {
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
        double standardError = n >= 2 ? std / Math.sqrt(n) : Double.NaN;
        return new CriterionStats(mean, std, standardError, min, max, values.clone(), values.length - n, counted);
    }

    /** Groups reasons that differ only in the figure they quote. */
    private static String generalize(String reason) {
        int paren = reason.indexOf(" (");
        return paren > 0 ? reason.substring(0, paren) : reason;
    }
}
