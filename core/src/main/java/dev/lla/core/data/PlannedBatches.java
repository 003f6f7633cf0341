package dev.lla.core.data;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches of a plan, either copied out once (when they fit in a host budget) or built on
 * demand each time one is asked for, so that evaluating on a whole large split never holds a second
 * copy of it, and an image folder is decoded batch by batch. Streamed batches are new objects on
 * every access, so the model's device-batch cache keeps at most its own budget of them.
 */
public final class PlannedBatches {

    /** Batches held on the host at most: the same as the device-batch cache's budget. */
    public static final long HOST_BUDGET_BYTES = 256L << 20;

    private PlannedBatches() {}

    /** The batches of {@code plan} on {@code dataset}, streamed when they exceed {@code budgetBytes}. */
    public static List<Batch> of(Dataset dataset, BatchPlan plan, long budgetBytes) {
        if (bytes(dataset, plan) > budgetBytes) {
            return new Streamed(dataset, plan);
        }
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < plan.batches(); b++) {
            batches.add(dataset.batch(plan, b));
        }
        return List.copyOf(batches);
    }

    /** Whether {@code batches} are built on each access. */
    public static boolean isStreamed(List<Batch> batches) {
        return batches instanceof Streamed;
    }

    private static long bytes(Dataset dataset, BatchPlan plan) {
        return (long) plan.totalSamples() * dataset.sampleSize() * Float.BYTES;
    }

    private static final class Streamed extends AbstractList<Batch> {
        private final Dataset dataset;
        private final BatchPlan plan;

        Streamed(Dataset dataset, BatchPlan plan) {
            this.dataset = dataset;
            this.plan = plan;
        }

        @Override
        public Batch get(int b) {
            return dataset.batch(plan, b);
        }

        @Override
        public int size() {
            return plan.batches();
        }
    }
}
