package dev.lla.cli;

import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.provenance.FileDigest;
import dev.lla.core.random.Seeds;
import java.util.ArrayList;
import java.util.List;

/** A dataset and the batches a command analyses, drawn the same way by every command. */
record Inputs(Dataset dataset, BatchPlan plan, List<Batch> batches) {

    /** Reads the data and draws the batches of {@code data}'s options under {@code seed}. */
    static Inputs load(DataOptions data, DataRequest request, long seed) {
        Dataset dataset = DatasetLoader.load(request);
        BatchPlan plan = data.plan(dataset.size(), Seeds.stream(seed, "batches").nextLong());
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < plan.batches(); b++) {
            batches.add(dataset.batch(plan, b));
        }
        return new Inputs(dataset, plan, List.copyOf(batches));
    }

    /** Checksums of the files the data came from. */
    List<FileDigest> digests() {
        return dataset.files().stream().map(FileDigest::of).toList();
    }
}
