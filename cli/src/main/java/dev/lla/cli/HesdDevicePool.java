package dev.lla.cli;

import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.hesd.HesdRun;
import dev.lla.core.journal.Journal;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.shard.GridShard;
import dev.lla.core.shard.SharedJournal;
import dev.lla.render.JsonJournal;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One hesd job (one {@link HesdConfig}) on the devices of {@code --devices}: each device computes
 * the pieces it takes from one queue into a {@link SharedJournal}, then the first device's model
 * pools them into the job's result, computing no piece again, so the result equals a one-device
 * run's bit for bit. Single-operator hesd runs its job this way, {@code --operator all} each
 * operator's job in turn.
 */
final class HesdDevicePool {

    private HesdDevicePool() {}

    /** The pooling pass on the first device's model, reading every lane's pieces from {@code journal}. */
    interface Pooling<T> {
        T run(TrainableModel<?> model, ProgressListener progress, String fingerprint, Journal<HesdPartial> journal);
    }

    /**
     * What the pool produced.
     *
     * @param done the pooled value and its provenance
     * @param devices {@code cost.devices}: each device's pieces, products and seconds
     * @param cost the products of every device and of the pooling pass, over the wall time of the job
     */
    record Pooled<T>(Analysis.Done<T> done, List<Map<String, Object>> devices, HesdRun.Cost cost) {}

    /**
     * Runs {@code config}'s job, restricted to {@code part}, on {@code lanes}.
     *
     * @param command the hesd command, for its model, data and output options
     * @param plan the memory plan each device checks before its first product (it may bound a
     *     larger job than {@code config}'s, as NME's bounds H's and G's)
     * @param announce whether this job shows the model's note and the plan (once per run, on the
     *     first device; --quiet still silences them)
     * @param configMap the job's options, which with the inputs make the journal's fingerprint
     * @param poolingCost the products the pooling pass itself computed (none unless it computes
     *     more than the pieces, as --eigenvectors does)
     */
    static <T> Pooled<T> run(HesdCommand command, List<String> lanes, HesdConfig config, HesdConfig plan,
            boolean announce, Inputs inputs, Map<String, Object> configMap, JsonJournal<HesdPartial> journal,
            GridShard part, PrintWriter err, Pooling<T> pooling, Function<T, HesdRun.Cost> poolingCost) {
        ModelOptions model = command.model;
        boolean quiet = command.output.quiet;
        SharedJournal<HesdPartial> shared = new SharedJournal<>(journal, HesdPartial::union, HesdPartial::fingerprint);
        model.noteOnStderr(err, quiet || !announce);
        Analysis.DevicesDone<T, HesdRun.Cost> ran = Analysis.onDevices(lanes, model.model, model.output, List.of(),
                name -> true, model.loss, inputs, configMap, command.slq.seed, journal, quiet, err, part,
                HesdJob.pieceCount(config, inputs.batches().size()), (loaded, fingerprint, pieces, lane) -> {
                    MemoryReport.check(plan, false, true, command.slq.memoryLimitBytes(), loaded, inputs.batches(),
                            quiet || !announce || lane > 0, err);
                    return new HesdJob(config, ProgressListener.NONE, shared.lane(lane), fingerprint)
                            .restrictedTo(pieces).run(loaded, inputs.batches()).cost();
                }, (loaded, progress, fingerprint) -> pooling.run(loaded, progress, fingerprint, shared.whole()));
        return new Pooled<>(ran.done(), DeviceCosts.json(ran.lanes(), HesdRun.Cost::hvps, HesdRun.Cost::hvpSeconds),
                DeviceCosts.total(ran.lanes(), poolingCost.apply(ran.value()), ran.wallSeconds()));
    }
}
