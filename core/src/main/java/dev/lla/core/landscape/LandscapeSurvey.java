package dev.lla.core.landscape;

import dev.lla.core.data.Batch;
import dev.lla.core.journal.Journal;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.shard.GridShard;
import dev.lla.core.shard.PieceSelection;
import dev.lla.core.spectrum.VectorSpace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The paper's Table 1 regime matrix for one model: a 2D landscape in each of the 16
 * {@link SurveyRegime}s, {train, eval} × {random, hessian} × {weight, filter, layer, model}, to
 * show where value explosion appears. Random directions come from one seed, so every regime
 * normalizes the same raw draws; the Hessian's eigenvectors are computed once per BatchNorm mode
 * (in that mode, on the first batch) and normalized afresh for each normalization.
 */
public final class LandscapeSurvey {

    /** One regime's landscape. */
    public record Entry(SurveyRegime regime, LandscapeResult result) {}

    private final LandscapeConfig base;
    private final HessianAxes.Pair pair;
    private final ProgressListener progress;
    private final Function<SurveyRegime, Journal<LandscapePartial>> journals;
    private final String fingerprint;
    private PieceSelection part = GridShard.ALL;
    private int eigenIterations = HessianAxes.DEFAULT_ITERATIONS;
    private long memoryLimitBytes = -1;

    /**
     * @param base grid, distribution, norm order, ignore-bias-bn, explosion factor and seed of every
     *     regime (its dims, mode and normalization are replaced by each regime's)
     * @param journals where each regime's finished rows are saved, for resuming
     * @param fingerprint identifies the survey's inputs and options; each regime adds its label
     */
    public LandscapeSurvey(LandscapeConfig base, HessianAxes.Pair pair, ProgressListener progress,
            Function<SurveyRegime, Journal<LandscapePartial>> journals, String fingerprint) {
        this.base = base;
        this.pair = pair;
        this.progress = progress;
        this.journals = journals;
        this.fingerprint = fingerprint;
    }

    /**
     * This survey with its Hessian axes found in at most {@code iterations} Lanczos steps, and their
     * search planned against at most {@code limitBytes} of device memory (-1: all that is free).
     */
    public LandscapeSurvey searching(int iterations, long limitBytes) {
        this.eigenIterations = iterations;
        this.memoryLimitBytes = limitBytes;
        return this;
    }

    /**
     * This survey computing only the regimes of {@code part}: regime {@code k} in
     * {@link SurveyRegime#all()} order is piece {@code k}. A part's {@link #run} returns only its
     * regimes' landscapes; their rows are in the journals.
     */
    public LandscapeSurvey restrictedTo(PieceSelection part) {
        this.part = part;
        return this;
    }

    /** The config of {@code regime}: the base grid in that mode and normalization, in 2D. */
    public LandscapeConfig config(SurveyRegime regime) {
        return new LandscapeConfig(2, base.steps(), base.dist(), base.distribution(), regime.normalization(),
                base.normOrder(), base.ignoreBiasBn(), base.explosionFactor(), base.seed(), regime.mode());
    }

    /** The 16 landscapes (or those of this part), in {@link SurveyRegime#all()} order. */
    public <V> List<Entry> run(TrainableModel<V> model, List<Batch> batches) {
        VectorSpace<V> space = model.parameterSpace();
        List<SurveyRegime> regimes = SurveyRegime.all();
        List<Entry> entries = new ArrayList<>();
        planHessianAxes(model, batches.get(0), regimes);
        EigenvectorCache<V> eigenvectors = new EigenvectorCache<>();
        try {
            for (int k = 0; k < regimes.size(); k++) {
                SurveyRegime regime = regimes.get(k);
                if (!part.owns(k)) {
                    continue;
                }
                LandscapeConfig config = config(regime);
                String stage = String.format(Locale.ROOT, "survey %d/%d %s", k + 1, regimes.size(), regime.label());
                ProgressListener regimeProgress = (task, done, total) -> progress.update(stage, done, total);
                LandscapeJob job = new LandscapeJob(config, regimeProgress, journals.apply(regime),
                        fingerprint + "/" + regime.label());
                Function<V, Directions<V>> directions = regime.hessianAxes()
                        ? w0 -> eigenvectors.normalized(model, batches.get(0), regime.mode(), w0, config)
                        : w0 -> Directions.random(space, model.tensorwise(), w0, config);
                entries.add(new Entry(regime, job.run(model, batches, directions)));
            }
        } finally {
            eigenvectors.release(space);
        }
        return entries;
    }

    /**
     * Plans the eigenvector search of every BatchNorm mode this part's Hessian regimes need, before
     * the first regime: a search that cannot fit is refused before any landscape is computed.
     */
    private void planHessianAxes(TrainableModel<?> model, Batch batch, List<SurveyRegime> regimes) {
        Set<ModelMode> modes = new LinkedHashSet<>();
        for (int k = 0; k < regimes.size(); k++) {
            if (part.owns(k) && regimes.get(k).hessianAxes()) {
                modes.add(regimes.get(k).mode());
            }
        }
        for (ModelMode mode : modes) {
            HessianAxes.plan(model, batch, HessianAxes.Operator.HESSIAN, mode, eigenIterations, memoryLimitBytes);
        }
    }

    /** The Hessian's eigenvector pair of one BatchNorm mode, unnormalized, kept for that mode's regimes. */
    private final class EigenvectorCache<V> {
        private ModelMode mode;
        private Directions<V> unit;

        Directions<V> normalized(TrainableModel<V> model, Batch batch, ModelMode wanted, V w0, LandscapeConfig config) {
            VectorSpace<V> space = model.parameterSpace();
            if (unit == null || mode != wanted) {
                release(space);
                LandscapeConfig raw = new LandscapeConfig(2, base.steps(), base.dist(), base.distribution(),
                        DirectionNormalization.NONE, base.normOrder(), false, base.explosionFactor(), base.seed(), wanted);
                unit = HessianAxes.of(model, batch, pair, HessianAxes.Operator.HESSIAN, w0, raw, eigenIterations);
                mode = wanted;
            }
            V d1 = space.zeros();
            V d2 = space.zeros();
            space.copy(unit.d1(), d1);
            space.copy(unit.d2(), d2);
            return Directions.prepare(space, model.tensorwise(), w0, d1, d2, config);
        }

        void release(VectorSpace<V> space) {
            if (unit != null) {
                unit.release(space);
                unit = null;
            }
        }
    }
}
