package dev.lla.core.generalize;

import dev.lla.core.LlaException;
import dev.lla.core.criteria.CriteriaConfig;
import dev.lla.core.criteria.CriteriaJob;
import dev.lla.core.criteria.CriteriaResult;
import dev.lla.core.criteria.CriteriaSummary;
import dev.lla.core.data.Batch;
import dev.lla.core.generalize.GeneralizePartial.EvaluationPiece;
import dev.lla.core.generalize.GeneralizePartial.HessianPiece;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.hesd.HesdRun;
import dev.lla.core.journal.Journal;
import dev.lla.core.model.Evaluation;
import dev.lla.core.model.ModelFit;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The generalization experiment of Gabdullin (2024, section 4): every checkpoint of a training run
 * measured on the training dataset A and on each target B: loss and accuracy (eval mode), and the
 * Hessian criteria re, KH_n with their spread over batches × runs ({@link CriteriaJob}).
 *
 * <p>Each model is loaded once and measured on every dataset before the next is loaded. The
 * Hessian batches of a dataset are the same for every checkpoint, so that changes along the series
 * come from the weights alone. Every evaluation and every SLQ run is journaled as it finishes;
 * a rerun with the same fingerprint reuses them (cost: {@code checkpoints × datasets × batches ×
 * runs × iterations} Hessian-vector products, plus one forward pass per evaluation batch).
 */
public final class GeneralizeJob {

    private final CriteriaConfig config;
    private final ProgressListener progress;
    private final Journal<GeneralizePartial> journal;
    private final String fingerprint;
    private dev.lla.core.shard.PieceSelection shard = dev.lla.core.shard.GridShard.ALL;
    /** Every cell's name, checkpoint-major (its index decides its shard), and this shard's. */
    private final List<String> allPieces = new ArrayList<>();
    private final List<String> ownPieces = new ArrayList<>();
    private State state;

    public GeneralizeJob(CriteriaConfig config, ProgressListener progress, Journal<GeneralizePartial> journal,
            String fingerprint) {
        this.config = config;
        this.progress = progress;
        this.journal = journal;
        this.fingerprint = fingerprint;
    }

    /**
     * Opens every checkpoint once and checks that every dataset fits it (input shape, labels within
     * its outputs), before any long work: one clear input error otherwise.
     */
    public static void checkFit(List<Checkpoint> series, List<SeriesDataset> datasets,
            Function<Path, TrainableModel<?>> open) {
        for (Checkpoint checkpoint : series) {
            try (TrainableModel<?> model = open.apply(checkpoint.model())) {
                for (SeriesDataset data : datasets) {
                    try {
                        ModelFit.check(model, data.dataset());
                    } catch (LlaException e) {
                        throw LlaException.input(checkpoint.model().getFileName() + " on " + data.name()
                                + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    /**
     * This job measuring only the cells of {@code part}: cell {@code k} (checkpoint-major) belongs
     * to shard {@code k mod n}; a checkpoint with no cell of this shard is not opened.
     */
    public GeneralizeJob restrictedTo(dev.lla.core.shard.PieceSelection part) {
        this.shard = part;
        return this;
    }

    /** Names of all cells, checkpoint-major (known after {@link #run}). */
    public List<String> allPieces() {
        return List.copyOf(allPieces);
    }

    /** Names of the cells this job's shard measured. */
    public List<String> ownPieces() {
        return List.copyOf(ownPieces);
    }

    /** Everything finished after {@link #run}, as the journal holds it. */
    public GeneralizePartial finished() {
        return state.partial();
    }

    /**
     * Measures every checkpoint on every dataset; {@code finished} hears of each cell as it is done.
     *
     * @return the cells, checkpoint-major
     */
    public List<Cell> run(List<Checkpoint> series, List<SeriesDataset> datasets,
            Function<Path, TrainableModel<?>> open, Consumer<Cell> finished) {
        state = new State(journal.finished(fingerprint));
        List<Cell> cells = new ArrayList<>();
        for (Checkpoint checkpoint : series) {
            List<Integer> mine = new ArrayList<>();
            for (int d = 0; d < datasets.size(); d++) {
                allPieces.add("cell/" + checkpoint.label() + "/" + datasets.get(d).name());
                if (shard.owns(allPieces.size() - 1)) {
                    ownPieces.add(allPieces.get(allPieces.size() - 1));
                    mine.add(d);
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            try (TrainableModel<?> model = open.apply(checkpoint.model())) {
                for (int d : mine) {
                    Cell cell = cell(model, checkpoint, series.size(), d, datasets.get(d), state);
                    cells.add(cell);
                    finished.accept(cell);
                }
            }
        }
        return List.copyOf(cells);
    }

    private Cell cell(TrainableModel<?> model, Checkpoint checkpoint, int checkpoints, int d, SeriesDataset data,
            State state) {
        String label = checkpoint.label() + " (" + (checkpoint.index() + 1) + "/" + checkpoints + ") on " + data.name();
        ProgressListener prefixed = (task, done, total) -> progress.update(label + ": " + task, done, total);
        int c = checkpoint.index();
        EvaluationPiece evaluated = state.evaluation(c, d);
        if (evaluated == null) {
            evaluated = evaluate(model, data, c, d, prefixed);
            state.add(evaluated);
        }
        Evaluation evaluation = new Evaluation(evaluated.loss(), evaluated.correct(), evaluated.size());
        CriteriaJob criteria = new CriteriaJob(config, prefixed, state.cellJournal(c, d), fingerprint + "/" + c + "/" + d);
        try {
            CriteriaJob.Outcome outcome = criteria.run(model, data.hessianBatches());
            return new Cell(c, d, evaluation, outcome.result(), outcome.cost(), null);
        } catch (LlaException e) {
            if (e.kind() != LlaException.Kind.NUMERICAL) {
                throw e;
            }
            // A diverged checkpoint is a finding of the series, not the end of it: its criteria are
            // undefined (NaN, JSON null), and so are the changes and correlations that need them.
            CriteriaResult none = new CriteriaResult(List.of(), CriteriaSummary.of(List.of(), config.exponents()));
            return new Cell(c, d, evaluation, none, new HesdRun.Cost(0, 0, 0), e.getMessage());
        }
    }

    /** Sample-weighted mean loss and correct count over the evaluation batches, in eval mode. */
    private static EvaluationPiece evaluate(TrainableModel<?> model, SeriesDataset data, int c, int d,
            ProgressListener progress) {
        double lossSum = 0;
        long correct = 0;
        int size = 0;
        List<int[]> batches = data.evaluation();
        for (int b = 0; b < batches.size(); b++) {
            progress.update("evaluation batch", b, batches.size());
            Batch batch = data.dataset().batch(b, batches.get(b));
            Evaluation e = model.evaluate(batch, ModelMode.EVAL);
            lossSum += e.loss() * e.size();
            correct += e.correct();
            size += e.size();
        }
        progress.update("evaluation batch", batches.size(), batches.size());
        return new EvaluationPiece(c, d, lossSum / size, correct, size);
    }

    /** The journaled pieces, old and new; every change is recorded at once. */
    private final class State {
        private final List<EvaluationPiece> evaluations;
        private final List<HessianPiece> hessians;

        State(GeneralizePartial done) {
            evaluations = new ArrayList<>(done.evaluations());
            hessians = new ArrayList<>(done.hessians());
        }

        EvaluationPiece evaluation(int c, int d) {
            return evaluations.stream().filter(e -> e.checkpoint() == c && e.dataset() == d).findFirst().orElse(null);
        }

        void add(EvaluationPiece piece) {
            evaluations.add(piece);
            save();
        }

        /** The journal of one cell's SLQ pieces, kept inside this one. */
        Journal<HesdPartial> cellJournal(int c, int d) {
            return new Journal<>() {
                @Override
                public HesdPartial finished(String cellFingerprint) {
                    return hessians.stream()
                            .filter(h -> h.checkpoint() == c && h.dataset() == d)
                            .map(HessianPiece::partial)
                            .filter(p -> p.fingerprint().equals(cellFingerprint))
                            .findFirst()
                            .orElse(HesdPartial.empty(cellFingerprint));
                }

                @Override
                public void record(HesdPartial partial) {
                    hessians.removeIf(h -> h.checkpoint() == c && h.dataset() == d);
                    hessians.add(new HessianPiece(c, d, partial));
                    save();
                }
            };
        }

        private void save() {
            journal.record(partial());
        }

        GeneralizePartial partial() {
            return new GeneralizePartial(fingerprint, evaluations, hessians);
        }
    }
}
