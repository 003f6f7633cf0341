package dev.lla.core.generalize;

import java.util.List;

/**
 * Everything a generalization run measured, for the JSON document, the table and the figures.
 *
 * @param series the checkpoints in training order
 * @param datasets the datasets' names, A first
 * @param cells every checkpoint on every dataset, checkpoint-major
 * @param comparisons one per target, in order
 */
public record GeneralizeResult(List<Checkpoint> series, List<String> datasets, List<Cell> cells,
        List<SeriesComparison> comparisons) {

    /** Builds the comparison of every target with A from the cells. */
    public static GeneralizeResult of(List<Checkpoint> series, List<String> datasets, List<Cell> cells) {
        List<SeriesComparison> comparisons = new java.util.ArrayList<>();
        for (int d = 1; d < datasets.size(); d++) {
            comparisons.add(SeriesComparison.of(series, cells, d, datasets.get(d)));
        }
        return new GeneralizeResult(List.copyOf(series), List.copyOf(datasets), List.copyOf(cells),
                List.copyOf(comparisons));
    }

    /** Whether every checkpoint has an epoch, so that figures can use epochs as x. */
    public boolean byEpoch() {
        return series.stream().allMatch(c -> c.epoch() != null);
    }

    /** The cell of checkpoint {@code c} on dataset {@code d}. */
    public Cell cell(int c, int d) {
        return cells.stream().filter(x -> x.checkpoint() == c && x.dataset() == d).findFirst().orElseThrow();
    }
}
