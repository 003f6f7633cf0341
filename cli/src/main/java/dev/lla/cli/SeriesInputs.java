package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.generalize.DatasetCompatibility;
import dev.lla.core.generalize.LabelMap;
import dev.lla.core.generalize.SeriesDataset;
import dev.lla.core.random.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The datasets of {@code lla generalize}: A and every target read with their own transforms,
 * checked against each other (shape, classes, label map) before any long work, each with its
 * seeded Hessian batches and its evaluation samples.
 */
final class SeriesInputs {

    /** Evaluation by default covers the whole split up to this many samples, else a seeded subset of this size. */
    static final int AUTO_EVALUATION_SAMPLES = 10_000;

    private final DataOptions data;
    private final List<TargetOptions> targets;
    private final String dataName;
    private final Integer evalCount;
    private final boolean wholeSplit;
    private final long seed;

    /**
     * @param evalCount evaluation batches, or null for the whole split ({@code wholeSplit}) or auto
     */
    SeriesInputs(DataOptions data, List<TargetOptions> targets, String dataName, Integer evalCount, boolean wholeSplit,
            long seed) {
        this.data = data;
        this.targets = targets;
        this.dataName = dataName;
        this.evalCount = evalCount;
        this.wholeSplit = wholeSplit;
        this.seed = seed;
    }

    /** Reads A and every target, checks them against each other, and picks their batches. */
    List<SeriesDataset> load() {
        Dataset a = DatasetLoader.load(data.request());
        String nameA = dataName != null ? dataName : TargetOptions.defaultName(data.data);
        List<String> names = new ArrayList<>(List.of(nameA));
        List<Dataset> loaded = new ArrayList<>(List.of(a));
        for (TargetOptions target : targets) {
            String name = target.name();
            if (names.contains(name)) {
                throw LlaException.usage("two datasets are named '" + name + "'; tell them apart with --target-name"
                        + " (or --data-name)");
            }
            LabelMap map = target.labelMap == null ? null : LabelMap.parse("--target-label-map", target.labelMap);
            Dataset b = DatasetLoader.load(target.request());
            DatasetCompatibility.checkShape(nameA, a, name, b);
            if (map == null) {
                DatasetCompatibility.checkClasses(nameA, a, name, b);
            } else {
                b = map.apply(name, b, DatasetCompatibility.classes(a), a.classNames());
            }
            names.add(name);
            loaded.add(b);
        }
        List<SeriesDataset> datasets = new ArrayList<>();
        for (int k = 0; k < loaded.size(); k++) {
            datasets.add(seriesDataset(names.get(k), loaded.get(k), k));
        }
        return datasets;
    }

    private SeriesDataset seriesDataset(String name, Dataset dataset, int k) {
        // A's batches are drawn exactly as lla criteria draws them, so its numbers can be checked there.
        long batchSeed = k == 0 ? Seeds.stream(seed, "batches").nextLong()
                : Seeds.stream(seed, "batches", k).nextLong();
        BatchPlan plan;
        try {
            plan = data.plan(dataset.size(), batchSeed);
        } catch (LlaException e) {
            throw LlaException.usage(name + ": " + e.getMessage());
        }
        List<Batch> hessianBatches = new ArrayList<>();
        for (int b = 0; b < plan.batches(); b++) {
            hessianBatches.add(dataset.batch(plan, b));
        }
        return new SeriesDataset(name, dataset, evaluation(name, dataset, k), hessianBatches);
    }

    /** The evaluation samples in batches of --batch-size (the last may be smaller). */
    private List<int[]> evaluation(String name, Dataset dataset, int k) {
        int n = dataset.size();
        long subsetSeed = Seeds.stream(seed, "evaluation", k).nextLong();
        int[] order;
        if (evalCount == null) {
            boolean all = wholeSplit || n <= AUTO_EVALUATION_SAMPLES;
            order = all ? identity(n) : subset(n, AUTO_EVALUATION_SAMPLES, subsetSeed);
        } else {
            long needed = (long) evalCount * data.batchSize;
            if (needed > n) {
                throw LlaException.usage("--eval-batches " + evalCount + " × --batch-size " + data.batchSize + " = "
                        + needed + " samples, but " + name + " holds only " + n + "; lower it or use --eval-batches all");
            }
            order = subset(n, (int) needed, subsetSeed);
        }
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += data.batchSize) {
            batches.add(Arrays.copyOfRange(order, start, Math.min(order.length, start + data.batchSize)));
        }
        return batches;
    }

    /** The first {@code count} samples in file order with --sequential, else a seeded random draw. */
    private int[] subset(int n, int count, long seed) {
        BatchPlan plan = data.sequential ? BatchPlan.sequential(n, count, 1) : BatchPlan.random(n, count, 1, seed);
        return plan.indices(0);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

}
