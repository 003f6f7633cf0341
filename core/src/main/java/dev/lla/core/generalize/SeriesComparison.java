package dev.lla.core.generalize;

import dev.lla.core.criteria.CriteriaSummary;
import dev.lla.core.criteria.CriterionStats;
import dev.lla.core.stats.Correlation;
import dev.lla.core.stats.Correlations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a target dataset B differs from the training dataset A along the series: the change B − A
 * at every checkpoint, and over the series the correlations between the change in each criterion
 * and the change in accuracy (the paper's claim: ΔKH05 rises as Δaccuracy falls).
 *
 * @param target the target's name
 * @param dataset the target's dataset index
 * @param deltas one per checkpoint, in series order
 * @param correlations keyed by criterion ({@code KH0.5}, {@code KH1}, {@code re}), each against
 *     Δaccuracy
 */
public record SeriesComparison(String target, int dataset, List<Delta> deltas, Map<String, CorrelationPair> correlations) {

    /** The criteria whose changes are correlated with the change in accuracy, in report order. */
    public static final List<String> CRITERIA = List.of("KH0.5", "KH1", "re");

    /**
     * B − A at one checkpoint: accuracy, loss, and the means of KH05, KH1 and re (NaN, written
     * as null, where either side is undefined).
     */
    public record Delta(int checkpoint, Integer epoch, double accuracy, double loss, double kh05, double kh1,
            double re) {

        double criterion(String name) {
            return switch (name) {
                case "KH0.5" -> kh05;
                case "KH1" -> kh1;
                case "re" -> re;
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    /** Pearson's and Spearman's correlation of Δ{@code criterion} with Δ{@code against}. */
    public record CorrelationPair(String criterion, String against, Correlation pearson, Correlation spearman) {}

    /**
     * Compares target {@code dataset} with dataset 0 over {@code cells} (every checkpoint on both).
     */
    public static SeriesComparison of(List<Checkpoint> series, List<Cell> cells, int dataset, String target) {
        List<Delta> deltas = new ArrayList<>();
        for (Checkpoint checkpoint : series) {
            Cell a = find(cells, checkpoint.index(), 0);
            Cell b = find(cells, checkpoint.index(), dataset);
            CriteriaSummary ca = a.criteria().criteria();
            CriteriaSummary cb = b.criteria().criteria();
            deltas.add(new Delta(checkpoint.index(), checkpoint.epoch(),
                    b.evaluation().accuracy() - a.evaluation().accuracy(),
                    b.evaluation().loss() - a.evaluation().loss(),
                    change(ca.kh().get("0.5"), cb.kh().get("0.5")),
                    change(ca.kh().get("1"), cb.kh().get("1")),
                    change(ca.re(), cb.re())));
        }
        double[] accuracy = deltas.stream().mapToDouble(Delta::accuracy).toArray();
        Map<String, CorrelationPair> correlations = new LinkedHashMap<>();
        for (String criterion : CRITERIA) {
            double[] change = deltas.stream().mapToDouble(d -> d.criterion(criterion)).toArray();
            correlations.put(criterion, new CorrelationPair(criterion, "accuracy",
                    Correlations.pearson(change, accuracy), Correlations.spearman(change, accuracy)));
        }
        return new SeriesComparison(target, dataset, List.copyOf(deltas), correlations);
    }

    private static double change(CriterionStats a, CriterionStats b) {
        return a == null || b == null ? Double.NaN : b.mean() - a.mean();
    }

    private static Cell find(List<Cell> cells, int checkpoint, int dataset) {
        return cells.stream().filter(c -> c.checkpoint() == checkpoint && c.dataset() == dataset).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cell for checkpoint " + checkpoint
                        + " on dataset " + dataset));
    }
}
