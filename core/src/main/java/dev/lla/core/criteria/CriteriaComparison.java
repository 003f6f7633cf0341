package dev.lla.core.criteria;

import java.util.ArrayList;
import java.util.List;

/**
 * Criteria of two analyses side by side (two models on the same data, or one model on two
 * datasets): for each criterion the change from A to B and whether it exceeds the spread of the
 * estimates. "Exceeds the spread" means the one-standard-deviation bands {@code mean ± std} of A
 * and B do not overlap: {@code |Δ| > std_A + std_B}. The z score uses the standard error of the
 * difference of means, {@code sqrt(std_A²/n_A + std_B²/n_B)}.
 *
 * @param rows one row per criterion, in the order re, KH_n…, Ct
 */
public record CriteriaComparison(List<Row> rows) {

    /** One criterion in A and B. */
    public record Row(
            String criterion,
            CriterionStats a,
            CriterionStats b,
            double change,
            double standardError,
            double z,
            boolean exceedsSpread) {}

    /** Compares the summaries of A and B, which must use the same exponents. */
    public static CriteriaComparison of(CriteriaSummary a, CriteriaSummary b) {
        List<Row> rows = new ArrayList<>();
        rows.add(row("re", a.re(), b.re()));
        for (String n : a.kh().keySet()) {
            rows.add(row("KH" + n, a.kh().get(n), b.kh().get(n)));
        }
        rows.add(row("Ct", a.ct(), b.ct()));
        return new CriteriaComparison(List.copyOf(rows));
    }

    private static Row row(String name, CriterionStats a, CriterionStats b) {
        double change = b.mean() - a.mean();
        double se = Math.sqrt(a.std() * a.std() / a.defined() + b.std() * b.std() / b.defined());
        boolean exceeds = Double.isFinite(change) && Double.isFinite(a.std()) && Double.isFinite(b.std())
                && Math.abs(change) > a.std() + b.std();
        return new Row(name, a, b, change, se, change / se, exceeds);
    }
}
