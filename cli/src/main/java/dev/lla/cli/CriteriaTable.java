package dev.lla.cli;

import dev.lla.core.criteria.CriteriaComparison;
import dev.lla.core.criteria.CriteriaResult;
import dev.lla.core.criteria.CriteriaSummary;
import dev.lla.core.criteria.CriterionStats;
import dev.lla.core.hesd.HesdResult.BatchSummary;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The criteria tables {@code lla criteria} prints on stdout. */
final class CriteriaTable {

    private CriteriaTable() {}

    static void print(PrintWriter out, String label, CriteriaResult result) {
        CriteriaSummary c = result.criteria();
        double loss = result.batches().stream().mapToDouble(BatchSummary::loss).average().orElse(Double.NaN);
        double acc = result.batches().stream().mapToDouble(BatchSummary::accuracy).average().orElse(Double.NaN);
        out.printf(Locale.ROOT, "%s: %d batch%s, %d runs; loss %.4g, accuracy %.4f%n", label,
                result.batches().size(), result.batches().size() == 1 ? "" : "es", c.runs().size(), loss, acc);
        out.printf(Locale.ROOT, "%-9s %12s %12s %12s %12s %12s %10s%n", "criterion", "mean", "std", "std error",
                "min", "max", "undefined");
        named(c).forEach((name, s) -> out.printf(Locale.ROOT, "%-9s %12s %12s %12s %12s %12s %10s%n", name,
                number(s.mean()), number(s.std()), number(s.standardError()), number(s.min()), number(s.max()),
                undefined(s)));
        out.printf(Locale.ROOT, "spectrum  %s (per run: %s)%n",
                c.spectrumType() == null ? "undefined" : c.spectrumType(), c.spectrumTypes());
        named(c).forEach((name, s) -> s.reasons().forEach((reason, count) -> out.printf(Locale.ROOT,
                "note      %s undefined in %d run%s: %s%n", name, count, count == 1 ? "" : "s", reason)));
    }

    static void printComparison(PrintWriter out, String labelA, String labelB, CriteriaComparison comparison) {
        out.printf(Locale.ROOT, "%s%n%s%n", labelA, labelB);
        out.printf(Locale.ROOT, "%-9s %22s %22s %12s %8s  %s%n", "criterion", "A mean ± std", "B mean ± std",
                "change B−A", "z", "exceeds spread");
        for (CriteriaComparison.Row row : comparison.rows()) {
            out.printf(Locale.ROOT, "%-9s %22s %22s %12s %8s  %s%n", row.criterion(), meanStd(row.a()),
                    meanStd(row.b()), number(row.change()), Double.isFinite(row.z())
                            ? String.format(Locale.ROOT, "%.1f", row.z()) : "—",
                    row.exceedsSpread() ? "yes" : "no");
        }
        out.println("exceeds spread: |change| > std(A) + std(B), i.e. the mean ± std bands do not overlap");
    }

    private static Map<String, CriterionStats> named(CriteriaSummary c) {
        Map<String, CriterionStats> named = new LinkedHashMap<>();
        named.put("re", c.re());
        c.kh().forEach((n, s) -> named.put("KH" + n, s));
        named.put("Ct", c.ct());
        return named;
    }

    private static String meanStd(CriterionStats s) {
        return number(s.mean()) + " ± " + number(s.std());
    }

    private static String undefined(CriterionStats s) {
        return s.undefined() == 0 ? "0" : s.undefined() + "/" + s.values().length;
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "undefined";
    }
}
