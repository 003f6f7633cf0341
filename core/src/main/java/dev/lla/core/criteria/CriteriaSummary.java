package dev.lla.core.criteria;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The criteria of an analysis: each per run, and each summarised over all runs × batches.
 *
 * @param re {@code |min θ / max θ|}
 * @param kh {@code KH_n} keyed by n as written ({@code "0.5"}, {@code "1"})
 * @param ct {@code min θ / max θ}
 * @param spectrumType the type of the mean Ct: "mainly positive" when ≥ −0.6 (null if undefined)
 * @param spectrumTypes how many runs have each type
 * @param runs every run's criteria
 */
public record CriteriaSummary(
        CriterionStats re,
        Map<String, CriterionStats> kh,
        CriterionStats ct,
        String spectrumType,
        Map<String, Integer> spectrumTypes,
        List<RunCriteria> runs) {

    /** Pools per-run criteria. */
    public static CriteriaSummary of(List<RunCriteria> runs, List<Double> exponents) {
        CriterionStats re = stats(runs, "re", RunCriteria::re);
        Map<String, CriterionStats> kh = new LinkedHashMap<>();
        for (double n : exponents) {
            String key = HessianCriteria.formatN(n);
            kh.put(key, stats(runs, HessianCriteria.khName(n), r -> r.kh().get(key)));
        }
        CriterionStats ct = stats(runs, "Ct", RunCriteria::ct);
        Map<String, Integer> types = new LinkedHashMap<>();
        for (RunCriteria r : runs) {
            if (r.spectrumType() != null) {
                types.merge(r.spectrumType(), 1, Integer::sum);
            }
        }
        String type = Double.isFinite(ct.mean())
                ? (ct.mean() >= HessianCriteria.MAINLY_POSITIVE_CT
                        ? HessianCriteria.MAINLY_POSITIVE
                        : HessianCriteria.MAINLY_NEGATIVE)
                : null;
        return new CriteriaSummary(re, kh, ct, type, types, List.copyOf(runs));
    }

    private static CriterionStats stats(
            List<RunCriteria> runs, String name, java.util.function.ToDoubleFunction<RunCriteria> value) {
        double[] values = new double[runs.size()];
        Integer[] batches = new Integer[runs.size()];
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunCriteria r = runs.get(i);
            values[i] = value.applyAsDouble(r);
            batches[i] = r.batch();
            String reason = r.undefined().get(name);
            if (reason != null) {
                reasons.add(reason);
            }
        }
        return CriterionStats.of(values, batches, reasons);
    }
}
