package dev.lla.core.generalize;

import dev.lla.core.data.Batch;
import dev.lla.core.data.Dataset;
import java.util.List;

/**
 * A dataset every checkpoint is measured on: dataset A (index 0) or a target B.
 *
 * @param name how tables and figures name it
 * @param dataset the samples after their transforms, labels mapped onto A's classes
 * @param evaluation the sample indices of each evaluation batch (the last may be smaller): loss and
 *     accuracy are their sample-weighted means
 * @param hessianBatches the batches whose Hessians give the criteria, the same for every checkpoint
 */
public record SeriesDataset(String name, Dataset dataset, List<int[]> evaluation, List<Batch> hessianBatches) {

    public SeriesDataset {
        evaluation = List.copyOf(evaluation);
        hessianBatches = List.copyOf(hessianBatches);
    }

    /** Samples evaluated per checkpoint. */
    public int evaluatedSamples() {
        return evaluation.stream().mapToInt(b -> b.length).sum();
    }
}
