package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.PlannedBatches;
import dev.lla.core.shard.GridShard;
import dev.lla.core.random.Seeds;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** How a landscape run is sized and split: samples per point, grid shards, extra output, survey. */
final class LandscapeRunOptions {

    @Option(names = "--eval-samples", paramLabel = "N|all",
            description = "Samples behind every point instead of --batches: N rounds up to whole batches of"
                    + " --batch-size (seeded random, or the first with --sequential); all is every sample of"
                    + " the split in file order, the last batch holding the remainder.")
    String evalSamples;

    @Option(names = "--shard", paramLabel = "i/n",
            description = "Compute only grid rows r with r mod n = i (0-based i, as SLURM_ARRAY_TASK_ID) and"
                    + " write landscape.shard-i-of-n.json; with --survey only regimes k with k mod n = i, into"
                    + " survey.shard-i-of-n.json. Join the shards with 'lla merge'.")
    String shard;

    @Option(names = "--npy",
            description = "Also write loss.npy, accuracy.npy, x.npy and y.npy (2D) as float64, NaN for"
                    + " non-finite values.")
    boolean npy;

    @Option(names = "--survey",
            description = "The paper's Table 1 regime matrix: a landscape in each of {train, eval} mode x {random,"
                    + " hessian} axes x {weight, filter, layer, model} normalization (default --steps 20); writes"
                    + " survey.json, the explosion table survey.md and the panel survey.png.")
    boolean survey;

    GridShard shard() {
        return GridShard.parseOrWhole(shard);
    }

    /**
     * The data and the batches every point sees: those of {@code --batches} or of
     * {@code --eval-samples}, which cannot both be given. Batches of more than
     * {@link PlannedBatches#HOST_BUDGET_BYTES} are built on demand rather than all at once.
     */
    Inputs inputs(DataOptions data, CommandSpec spec, long seed) {
        if (evalSamples == null) {
            return Inputs.load(data, data.request(), seed);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--batches")) {
            throw LlaException.usage("--eval-samples and --batches both set the samples per point; give one");
        }
        boolean all = "all".equals(evalSamples);
        int samples = all ? 0 : parseSamples();
        Dataset dataset = DatasetLoader.load(data.request());
        BatchPlan plan;
        if (all) {
            data.sequential = true;
            plan = BatchPlan.covering(dataset.size(), data.batchSize);
        } else {
            if (data.batchSize < 1) {
                throw LlaException.usage("--batch-size must be at least 1, got " + data.batchSize);
            }
            data.batches = (int) ((samples + (long) data.batchSize - 1) / data.batchSize);
            long needed = (long) data.batches * data.batchSize;
            if (needed > dataset.size()) {
                throw LlaException.usage("--eval-samples " + samples + " rounds up to " + data.batches + " batches of "
                        + data.batchSize + " = " + needed + " samples, but the split holds " + dataset.size()
                        + "; use --eval-samples all for every sample");
            }
            plan = data.plan(dataset.size(), Seeds.stream(seed, "batches").nextLong());
        }
        data.batches = plan.batches();
        return new Inputs(dataset, plan, PlannedBatches.of(dataset, plan, PlannedBatches.HOST_BUDGET_BYTES));
    }

    private int parseSamples() {
        try {
            int n = Integer.parseInt(evalSamples.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Falls through to the message below.
        }
        throw LlaException.usage("--eval-samples " + evalSamples + ": expected a positive number of samples or all");
    }

    /** What these options add to the JSON config (the shard is not part of it: all shards share one config). */
    void putConfig(Map<String, Object> config) {
        config.put("evalSamples", evalSamples == null ? null : "all".equals(evalSamples) ? "all" : parseSamples());
    }
}
