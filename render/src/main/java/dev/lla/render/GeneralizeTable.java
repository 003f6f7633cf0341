package dev.lla.render;

import dev.lla.core.criteria.CriterionStats;
import dev.lla.core.generalize.Cell;
import dev.lla.core.generalize.Checkpoint;
import dev.lla.core.generalize.GeneralizeResult;
import dev.lla.core.generalize.SeriesComparison;
import dev.lla.core.generalize.SeriesComparison.CorrelationPair;
import dev.lla.core.generalize.SeriesComparison.Delta;
import dev.lla.core.stats.Correlation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The generalization results as Markdown tables, columns aligned so that they read in a terminal
 * too: per target, one row per checkpoint with A, B and the change B − A, then the correlations
 * of the changes over the series. Undefined numbers read "undefined".
 */
public final class GeneralizeTable {

    private GeneralizeTable() {}

    /** The full report: every measured quantity ({@code generalize.md}). */
    public static String markdown(String title, String settings, GeneralizeResult result) {
        StringBuilder text = new StringBuilder("# ").append(title).append("\n\n");
        text.append(settings).append("\n\n");
        text.append("Accuracy and loss: eval mode, over each dataset's evaluation samples. Criteria: mean ± std over")
                .append(" batches × SLQ runs. Δ = B − A.\n");
        for (SeriesComparison comparison : result.comparisons()) {
            text.append("\n## ").append(comparison.target()).append(" (B) vs ").append(result.datasets().get(0))
                    .append(" (A)\n\n");
            text.append(table(result, comparison, true));
            text.append(undefinedCells(result, comparison));
            text.append('\n').append(correlations(comparison));
        }
        return text.toString();
    }

    /** The summary for stdout: accuracy, KH05 and the changes, then the correlations. */
    public static String summary(GeneralizeResult result) {
        StringBuilder text = new StringBuilder();
        for (SeriesComparison comparison : result.comparisons()) {
            text.append("B: ").append(comparison.target()).append(" vs A: ").append(result.datasets().get(0))
                    .append('\n');
            text.append(table(result, comparison, false)).append('\n');
            text.append(correlations(comparison)).append('\n');
        }
        return text.toString();
    }

    private static String table(GeneralizeResult result, SeriesComparison comparison, boolean full) {
        List<String> header = new ArrayList<>(List.of("checkpoint", "acc A", "acc B", "Δacc"));
        if (full) {
            header.addAll(List.of("loss A", "loss B", "Δloss"));
        }
        header.addAll(List.of("KH05 A", "KH05 B", "ΔKH05"));
        if (full) {
            header.addAll(List.of("KH1 A", "KH1 B"));
        }
        header.add("ΔKH1");
        if (full) {
            header.addAll(List.of("re A", "re B"));
        }
        header.add("Δre");
        List<List<String>> rows = new ArrayList<>();
        for (Delta delta : comparison.deltas()) {
            Checkpoint checkpoint = result.series().get(delta.checkpoint());
            Cell a = result.cell(delta.checkpoint(), 0);
            Cell b = result.cell(delta.checkpoint(), comparison.dataset());
            List<String> row = new ArrayList<>(List.of(checkpoint.label(),
                    fixed(a.evaluation().accuracy()), fixed(b.evaluation().accuracy()), signed(delta.accuracy())));
            if (full) {
                row.addAll(List.of(number(a.evaluation().loss()), number(b.evaluation().loss()), signed(delta.loss())));
            }
            Function<Cell, CriterionStats> kh05 = c -> c.criteria().criteria().kh().get("0.5");
            Function<Cell, CriterionStats> kh1 = c -> c.criteria().criteria().kh().get("1");
            Function<Cell, CriterionStats> re = c -> c.criteria().criteria().re();
            row.addAll(List.of(meanStd(kh05.apply(a)), meanStd(kh05.apply(b)), signed(delta.kh05())));
            if (full) {
                row.addAll(List.of(meanStd(kh1.apply(a)), meanStd(kh1.apply(b))));
            }
            row.add(signed(delta.kh1()));
            if (full) {
                row.addAll(List.of(meanStd(re.apply(a)), meanStd(re.apply(b))));
            }
            row.add(signed(delta.re()));
            rows.add(row);
        }
        return aligned(header, rows);
    }

    /** Why a cell's criteria are undefined, one line per such cell of A or B; empty if none. */
    private static String undefinedCells(GeneralizeResult result, SeriesComparison comparison) {
        StringBuilder text = new StringBuilder();
        for (Cell cell : result.cells()) {
            if (cell.undefined() != null && (cell.dataset() == 0 || cell.dataset() == comparison.dataset())) {
                text.append("\n- criteria undefined for ").append(result.series().get(cell.checkpoint()).label())
                        .append(" on ").append(result.datasets().get(cell.dataset())).append(": ")
                        .append(cell.undefined());
            }
        }
        return text.length() == 0 ? "" : text.append('\n').toString();
    }

    private static String correlations(SeriesComparison comparison) {
        List<List<String>> rows = new ArrayList<>();
        int n = comparison.deltas().size();
        for (CorrelationPair pair : comparison.correlations().values()) {
            rows.add(List.of("Δ" + pair.criterion() + " vs Δ" + pair.against(), correlation(pair.pearson()),
                    correlation(pair.spearman())));
        }
        return "Correlations over the series (" + n + " checkpoint" + (n == 1 ? "" : "s") + "):\n\n"
                + aligned(List.of("changes", "Pearson r", "Spearman ρ"), rows);
    }

    /** A Markdown table whose columns are padded to a common width (three at least: a rule of "---"). */
    private static String aligned(List<String> header, List<List<String>> rows) {
        return MarkdownTable.of(header, rows, 3);
    }

    static String correlation(Correlation c) {
        return c.defined() ? String.format(Locale.ROOT, "%+.3f", c.value()) : "undefined (" + c.undefined() + ")";
    }

    private static String meanStd(CriterionStats s) {
        if (s == null || !Double.isFinite(s.mean())) {
            return "undefined";
        }
        return number(s.mean()) + " ± " + (Double.isFinite(s.std()) ? number(s.std()) : "n/a");
    }

    private static String fixed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "undefined";
    }

    private static String signed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.4g", v) : "undefined";
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "undefined";
    }
}
