package dev.lla.core.criteria;

import dev.lla.core.data.Batch;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.journal.Journal;
import dev.lla.core.hesd.HesdResult;
import dev.lla.core.hesd.HesdResult.SlqRun;
import dev.lla.core.hesd.HesdRun;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's Hessian criteria of a model on some batches: SLQ runs (exactly as {@code hesd}
 * makes them, resumable through the same journal), then the criteria of every run.
 */
public final class CriteriaJob {

    private final CriteriaConfig config;
    private final HesdJob analysis;

    public CriteriaJob(CriteriaConfig config, ProgressListener progress, Journal<HesdPartial> journal, String fingerprint) {
        this.config = config;
        this.analysis = new HesdJob(config.spectralAnalysis(), progress, journal, fingerprint);
    }

    /**
     * This job computing only the SLQ runs of {@code shard} (see {@link HesdJob#restrictedTo}); a
     * sharded run's outcome has no result, its pieces are in {@link #analysis()}.
     */
    public CriteriaJob restrictedTo(dev.lla.core.shard.PieceSelection shard) {
        analysis.restrictedTo(shard);
        return this;
    }

    /** The spectral analysis underneath, with its pieces after {@link #run}. */
    public HesdJob analysis() {
        return analysis;
    }

    /** Runs SLQ on every batch and computes the criteria of each run. */
    public <V> Outcome run(TrainableModel<V> model, List<Batch> batches) {
        HesdRun run = analysis.run(model, batches);
        HesdResult spectra = run.result();
        if (spectra == null) {
            return new Outcome(null, run.cost());
        }
        List<RunCriteria> perRun = new ArrayList<>();
        for (SlqRun slq : spectra.slq()) {
            perRun.add(HessianCriteria.of(
                    slq.batch(), slq.run(), slq.nodes(), slq.weights(), config.exponents(), config.curvature()));
        }
        CriteriaResult result = new CriteriaResult(spectra.batches(), CriteriaSummary.of(perRun, config.exponents()));
        return new Outcome(result, run.cost());
    }

    /** The criteria and what computing them cost. */
    public record Outcome(CriteriaResult result, HesdRun.Cost cost) {}
}
