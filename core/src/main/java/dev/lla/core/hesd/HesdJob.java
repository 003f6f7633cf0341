package dev.lla.core.hesd;

import dev.lla.core.journal.Journal;
import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.shard.GridShard;
import dev.lla.core.hesd.HesdConfig.Reorthogonalization;
import dev.lla.core.hesd.HesdPartial.TracePart;
import dev.lla.core.hesd.HesdPartial.TracePiece;
import dev.lla.core.hesd.HesdResult.BatchSummary;
import dev.lla.core.hesd.HesdRun.Cost;
import dev.lla.core.hesd.HesdResult.Eigenvalue;
import dev.lla.core.hesd.HesdResult.HessianEigen;
import dev.lla.core.hesd.HesdResult.SlqRun;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.ScaledOperator;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.ExtremeEigenpairs;
import dev.lla.core.spectrum.ExtremeEigenvalues;
import dev.lla.core.spectrum.HutchPlusPlusTrace;
import dev.lla.core.spectrum.HutchinsonTrace;
import dev.lla.core.spectrum.Lanczos;
import dev.lla.core.spectrum.LinearOperator;
import dev.lla.core.spectrum.QuadratureRun;
import dev.lla.core.spectrum.RitzPair;
import dev.lla.core.spectrum.StochasticLanczosQuadrature;
import dev.lla.core.spectrum.TraceEstimate;
import dev.lla.core.spectrum.VectorSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hessian eigenvalue spectral density (HESD) of a model on some batches: SLQ runs, the smoothed
 * density, the extreme eigenvalues and the trace, all from exact Hessian-vector products.
 *
 * <p>Cost per Hessian: {@code runs × iterations} products for SLQ, up to {@code eigenIterations}
 * (+ k + 1 residual checks) for the extreme eigenvalues, up to {@code traceSamples} for the trace.
 *
 * <p>Each finished piece (an SLQ run, an eigenvalue search, a trace or a part of one) goes to the journal
 * at once; a rerun with the same fingerprint reuses the pieces and computes the rest.
 * Every piece draws from its own seed stream, so the result equals an uninterrupted run's.
 */
public final class HesdJob {

    private final HesdConfig config;
    private final ProgressListener progress;
    private final Journal<HesdPartial> journal;
    private final String fingerprint;
    private final boolean keepEigenvectors;
    private dev.lla.core.shard.PieceSelection shard = GridShard.ALL;
    /** Every piece's name in run order (its index there decides its shard), and this shard's. */
    private final List<String> allPieces = new ArrayList<>();
    private final List<String> ownPieces = new ArrayList<>();
    private HesdPartial finished;
    /** The whole job's products, for one time left across batches and phases; set by {@link #run}. */
    private JobBudget budget;

    /** A job that keeps no journal. */
    public HesdJob(HesdConfig config, ProgressListener progress) {
        this(config, progress, Journal.none(HesdPartial::empty), "");
    }

    /** A job that records finished pieces in {@code journal} under {@code fingerprint}. */
    public HesdJob(HesdConfig config, ProgressListener progress, Journal<HesdPartial> journal, String fingerprint) {
        this(config, progress, journal, fingerprint, false);
    }

    /**
     * A journaled job that, with {@code keepEigenvectors}, also returns the Ritz vectors of the
     * extreme eigenvalues on the host ({@link HesdRun#eigenvectors}). The journal holds no vectors,
     * so such a job recomputes a journaled eigenvalue search (same seed stream, same numbers).
     */
    public HesdJob(HesdConfig config, ProgressListener progress, Journal<HesdPartial> journal, String fingerprint,
            boolean keepEigenvectors) {
        if (keepEigenvectors && config.topK() < 1) {
            throw LlaException.usage("--eigenvectors needs --top-k of at least 1, got " + config.topK());
        }
        this.config = config;
        this.progress = progress;
        this.journal = journal;
        this.fingerprint = fingerprint;
        this.keepEigenvectors = keepEigenvectors;
    }

    /**
     * This job computing only the pieces of {@code part}: piece {@code k} in run order (the extreme
     * eigenvalues, a Hutch++ trace, the SLQ runs, then the Hutchinson trace's parts, Hessian after
     * Hessian) belongs to shard
     * {@code k mod n}. A sharded run returns no pooled result ({@link HesdRun#result} is null);
     * its pieces are in {@link #finished()}. Seeds depend only on the job seed and the piece, so
     * the merged pieces equal an unsharded run's.
     */
    public HesdJob restrictedTo(dev.lla.core.shard.PieceSelection part) {
        this.shard = part;
        return this;
    }

    /**
     * How many pieces a job of {@code config} on {@code batches} batches has: per Hessian (each
     * batch, or the mean), its SLQ runs, the extreme eigenvalues and the trace, when asked for: one
     * piece for Hutch++, one per part of {@link HutchinsonTrace#PART_SAMPLES} samples for Hutchinson.
     */
    public static int pieceCount(HesdConfig config, int batches) {
        int hessians = config.scope() == HessianScope.MEAN ? 1 : batches;
        return hessians * (config.runs() + (config.topK() > 0 ? 1 : 0) + tracePieces(config));
    }

    private static int tracePieces(HesdConfig config) {
        if (config.traceSamples() == 0) {
            return 0;
        }
        return config.traceMethod() == HesdConfig.TraceMethod.HUTCHINSON
                ? HutchinsonTrace.parts(config.traceSamples()) : 1;
    }

    /** Names of all pieces of the job, in run order (known after {@link #run}). */
    public List<String> allPieces() {
        return List.copyOf(allPieces);
    }

    /** Names of the pieces this job's shard holds (all of them when unsharded). */
    public List<String> ownPieces() {
        return List.copyOf(ownPieces);
    }

    /** The finished pieces after {@link #run}, with the batch summaries. */
    public HesdPartial finished() {
        return finished;
    }

    /** Counts piece {@code name} in run order and says whether this shard computes it. */
    private boolean claim(String name) {
        allPieces.add(name);
        if (!shard.owns(allPieces.size() - 1)) {
            return false;
        }
        ownPieces.add(name);
        return true;
    }

    /**
     * Runs the analysis. The model's BatchNorm running statistics are restored afterwards, whatever
     * the mode and however the run ends.
     */
    public <V> HesdRun run(TrainableModel<V> model, List<Batch> batches) {
        if (batches.isEmpty()) {
            throw LlaException.usage("no batches to analyse");
        }
        long wallStart = System.nanoTime();
        Pieces pieces = new Pieces(journal.finished(fingerprint));
        VectorSpace<V> space = model.parameterSpace();
        space.reserveBasis(HesdMemory.basisRows(config, space.dimension()));
        int hessians = config.scope() == HessianScope.MEAN ? 1 : batches.size();
        budget = new JobBudget(progress, hessians * JobBudget.perHessian(config));
        V weights = null;
        ScaledOperator<V> scaling = null;
        if (config.scaleInvariant()) {
            weights = space.zeros();
            model.readWeights(weights);
            scaling = new ScaledOperator<>(space, model.tensorwise(), weights);
        }
        try {
            switch (config.scope()) {
                case PER_BATCH -> {
                    for (int b = 0; b < batches.size(); b++) {
                        Batch batch = batches.get(b);
                        String label = batches.size() > 1
                                ? "batch " + batch.index() + " (" + (b + 1) + "/" + batches.size() + ")"
                                : "batch " + batch.index();
                        try (LazyHessian<V> hessian = new LazyHessian<>(model, batch)) {
                            pieces.summary(batch.index(), hessian);
                            analyse(model, scaled(scaling, hessian), batch.index(), label, pieces);
                        }
                    }
                }
                case MEAN -> {
                    for (Batch batch : batches) {
                        try (LazyHessian<V> hessian = new LazyHessian<>(model, batch)) {
                            pieces.summary(batch.index(), hessian);
                        }
                    }
                    MeanHessian<V> mean = new MeanHessian<>(model, batches, config.mode(), config.curvature());
                    analyse(model, scaled(scaling, mean), null, "mean Hessian", pieces);
                }
            }
        } finally {
            if (scaling != null) {
                scaling.close();
                space.release(weights);
            }
            model.restoreBuffers();
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        finished = pieces.partial();
        if (!shard.isWhole()) {
            return new HesdRun(null, new Cost(pieces.hvps, pieces.hvpNanos / 1e9, wall));
        }
        return pieces.result(batches, config, wall);
    }

    /** {@code operator}, or {@code D operator D} when the run is scale-invariant. */
    private static <V> LinearOperator<V> scaled(ScaledOperator<V> scaling, LinearOperator<V> operator) {
        return scaling == null ? operator : scaling.around(operator);
    }

    private <V> void analyse(
            TrainableModel<V> model, LinearOperator<V> hessian, Integer batch, String label, Pieces pieces) {
        VectorSpace<V> space = model.parameterSpace();
        CountingOperator<V> counted = new CountingOperator<>(hessian);
        int tag = batch == null ? -1 : batch;
        String hessianName = batch == null ? "mean" : "batch" + batch;

        Lanczos<V> lanczos;
        if (config.window() > 0) {
            lanczos = Lanczos.boundedWindow(space, counted, config.window());
        } else if (config.reorthogonalization() == Reorthogonalization.PARTIAL) {
            lanczos = Lanczos.partialReorthogonalization(space, counted);
        } else {
            lanczos = Lanczos.fullReorthogonalization(space, counted);
        }
        // The longest pieces (an eigenvalue search of up to eigenIterations steps, a Hutch++ trace)
        // come first and the short Hutchinson trace parts last, so that lanes sharing the job
        // (--devices) take the long pieces early and end close together on the short ones.
        long eigenTotal = JobBudget.eigenBudget(config);
        if (config.topK() > 0 && claim("eigen/" + hessianName)
                && (pieces.eigen(batch).isEmpty() || keepEigenvectors)) {
            String eigenTask = label + ": extreme eigenvalues, products";
            long before = counted.products();
            counted.listen(n -> {
                progress.update(eigenTask, Math.min(eigenTotal, n - before), eigenTotal);
                budget.during(Math.min(eigenTotal, n - before));
            });
            progress.update(eigenTask, 0, eigenTotal);
            pieces.put(extremeEigenvalues(model, counted, batch, tag, pieces));
            counted.listen(null);
            progress.update(eigenTask, eigenTotal, eigenTotal);
            budget.ended(eigenTotal, counted.products() - before);
        } else {
            budget.skip(eigenTotal);
        }

        boolean hutchinson = config.traceMethod() == HesdConfig.TraceMethod.HUTCHINSON;
        if (!hutchinson) {
            hutchPlusPlus(space, counted, batch, tag, hessianName, label, pieces);
        }

        StochasticLanczosQuadrature<V> slq = new StochasticLanczosQuadrature<>(lanczos, config.iterations());
        // Progress in products (at most runs × iterations; a run whose Krylov space is exhausted
        // ends early, and its remaining products are counted as done when it ends).
        String slqTask = label + ": SLQ, " + config.runs() + " runs, Hessian-vector products";
        long slqTotal = (long) config.runs() * config.iterations();
        long[] run = new long[2]; // the run, the products counted before it
        counted.listen(n -> {
            progress.update(slqTask, Math.min(slqTotal, run[0] * config.iterations() + n - run[1]), slqTotal);
            budget.during(Math.min(config.iterations(), n - run[1]));
        });
        for (int r = 0; r < config.runs(); r++) {
            run[0] = r;
            run[1] = counted.products();
            progress.update(slqTask, (long) r * config.iterations(), slqTotal);
            if (claim("slq/" + hessianName + "/run" + r) && pieces.slq(batch, r).isEmpty()) {
                QuadratureRun q = slq.run(Seeds.stream(config.seed(), "slq", tag, r));
                pieces.add(new SlqRun(batch, r, q.nodes(), q.weights(), q.iterations(), q.exhausted(),
                        q.reorthogonalizations()));
                budget.ended(config.iterations(), counted.products() - run[1]);
            } else {
                budget.skip(config.iterations());
            }
        }
        counted.listen(null);
        progress.update(slqTask, slqTotal, slqTotal);
        if (hutchinson && config.traceSamples() > 0) {
            hutchinsonParts(space, counted, batch, tag, hessianName, label, pieces);
        }
        pieces.hvps += counted.products();
        pieces.hvpNanos += counted.nanos();
    }

    /** Hutch++ within the budget of --trace-samples products: one piece, from one seed stream. */
    private <V> void hutchPlusPlus(VectorSpace<V> space, CountingOperator<V> counted, Integer batch, int tag,
            String hessianName, String label, Pieces pieces) {
        long traceTotal = config.traceSamples();
        if (config.traceSamples() > 0 && claim("trace/" + hessianName) && pieces.trace(batch).isEmpty()) {
            String traceTask = label + ": trace, " + config.traceMethod().label() + ", products";
            long before = counted.products();
            counted.listen(n -> {
                progress.update(traceTask, Math.min(traceTotal, n - before), traceTotal);
                budget.during(Math.min(traceTotal, n - before));
            });
            progress.update(traceTask, 0, traceTotal);
            int sketch = config.effectiveTraceSketch();
            int remainder = config.traceSamples() - 2 * sketch;
            TraceEstimate t = new HutchPlusPlusTrace<>(space, counted, sketch, Math.min(10, remainder),
                    config.traceSamples(), config.traceTolerance()).estimate(Seeds.stream(config.seed(), "trace", tag));
            counted.listen(null);
            pieces.add(new TracePiece(batch, t.mean(), t.stderr(), t.samples(), t.values(), t.sketchRank(),
                    t.deflated()));
            progress.update(traceTask, traceTotal, traceTotal);
            budget.ended(traceTotal, counted.products() - before);
        } else {
            budget.skip(traceTotal);
        }
    }

    /**
     * Hutchinson on up to --trace-samples probes, in parts ({@code trace/<hessian>/part<j>}), each
     * part's probes from its own seed stream. A job holding every part (one device, the pooling
     * pass, a merge) walks them in order, reusing journaled ones, and applies the stopping rule
     * sample by sample: the parts after the stop are not computed, and the estimate is the one
     * sequential run's. A shard or a device lane cannot know the earlier parts, so it computes
     * each part it owns whole; that may cost products the rule did not need, never other numbers.
     */
    private <V> void hutchinsonParts(VectorSpace<V> space, CountingOperator<V> counted, Integer batch, int tag,
            String hessianName, String label, Pieces pieces) {
        HutchinsonTrace<V> hutchinson = new HutchinsonTrace<>(space, counted, Math.min(10, config.traceSamples()),
                config.traceSamples(), config.traceTolerance());
        HutchinsonTrace<V>.Tally tally = shard.isWhole() ? hutchinson.tally() : null;
        String traceTask = label + ": trace, " + config.traceMethod().label() + ", products";
        long traceTotal = config.traceSamples();
        long[] passed = new long[2]; // samples of the parts before this one, products before this part
        counted.listen(n -> {
            long inPart = n - passed[1];
            progress.update(traceTask, Math.min(traceTotal, passed[0] + inPart), traceTotal);
            budget.during(inPart);
        });
        progress.update(traceTask, 0, traceTotal);
        for (int part = 0; part < hutchinson.parts(); part++) {
            int size = hutchinson.partSize(part);
            boolean owned = claim("trace/" + hessianName + "/part" + part);
            Optional<TracePart> saved = pieces.tracePart(batch, part);
            if (tally != null && tally.stopped()) {
                budget.skip(size); // the rule has ended the estimate: this part is not needed
            } else if (saved.isPresent()) {
                if (tally != null) {
                    tally.addPart(part, saved.get().values());
                }
                budget.skip(size);
            } else if (owned) {
                passed[1] = counted.products();
                double[] values = hutchinson.samplePart(part,
                        Seeds.stream(config.seed(), "trace", tag, part), tally);
                pieces.add(new TracePart(batch, part, values));
                budget.ended(size, counted.products() - passed[1]);
            } else {
                budget.skip(size);
            }
            passed[0] += size;
            progress.update(traceTask, Math.min(traceTotal, passed[0]), traceTotal);
        }
        counted.listen(null);
        if (tally != null) {
            TraceEstimate t = tally.estimate();
            pieces.assembled.add(new TracePiece(batch, t.mean(), t.stderr(), t.samples(), t.values(), 0, 0.0));
        }
    }

    /**
     * The extreme eigenpairs, always with full re-orthogonalization whatever SLQ uses: one run per
     * Hessian against {@code runs} SLQ runs, so little would be saved, and its Ritz vectors, whose
     * true residuals decide convergence, are best formed from an orthonormal basis.
     */
    private <V> HessianEigen extremeEigenvalues(
            TrainableModel<V> model, LinearOperator<V> hessian, Integer batch, int tag, Pieces pieces) {
        VectorSpace<V> space = model.parameterSpace();
        ExtremeEigenvalues<V> extreme =
                new ExtremeEigenvalues<>(space, hessian, config.eigenTolerance(), config.eigenIterations());
        ExtremeEigenpairs<V> pairs = extreme.compute(Seeds.stream(config.seed(), "eigen", tag), config.topK());
        try {
            List<Eigenvalue> top = new ArrayList<>();
            for (RitzPair<V> pair : pairs.largest()) {
                top.add(eigenvalue(pair));
            }
            if (keepEigenvectors) {
                for (int i = 0; i < pairs.largest().size(); i++) {
                    pieces.vectors.add(hostCopy(model, batch, "top" + (i + 1), pairs.largest().get(i)));
                }
                pieces.vectors.add(hostCopy(model, batch, "min", pairs.smallest()));
            }
            return new HessianEigen(batch, top, eigenvalue(pairs.smallest()), pairs.iterations(), pairs.exhausted());
        } finally {
            pairs.release(space);
        }
    }

    /** One device-to-host copy of a Ritz vector. */
    private static <V> Eigenvector hostCopy(TrainableModel<V> model, Integer batch, String key, RitzPair<V> pair) {
        return new Eigenvector(batch, key, pair.value(), pair.residual(), pair.relativeResidual(), pair.converged(),
                model.tensorwise().toFloats(pair.vector()));
    }

    private static Eigenvalue eigenvalue(RitzPair<?> pair) {
        return new Eigenvalue(pair.value(), pair.residual(), pair.relativeResidual(), pair.converged());
    }

    /** A batch's Hessian, built only when some piece still needs a product. */
    private final class LazyHessian<V> implements LinearOperator<V>, AutoCloseable {
        private final TrainableModel<V> model;
        private final Batch batch;
        private BatchHessian<V> built;

        LazyHessian(TrainableModel<V> model, Batch batch) {
            this.model = model;
            this.batch = batch;
        }

        BatchHessian<V> get() {
            if (built == null) {
                built = model.curvature(batch, config.mode(), config.curvature());
            }
            return built;
        }

        @Override
        public void apply(V x, V out) {
            get().apply(x, out);
        }

        @Override
        public void close() {
            if (built != null) {
                built.close();
            }
        }
    }

    /** Finished pieces, old and new; every addition is journaled at once. */
    private final class Pieces {
        final List<BatchSummary> batches;
        final List<SlqRun> slq;
        final List<HessianEigen> eigen;
        final List<TracePiece> traces;
        final List<TracePart> traceParts;
        /** Hutchinson estimates assembled from the parts: for the result, not the journal (the parts are there). */
        final List<TracePiece> assembled = new ArrayList<>();
        final List<Eigenvector> vectors = new ArrayList<>();
        long hvps;
        long hvpNanos;

        Pieces(HesdPartial done) {
            batches = new ArrayList<>(done.batches());
            slq = new ArrayList<>(done.slq());
            eigen = new ArrayList<>(done.eigen());
            traces = new ArrayList<>(done.traces());
            traceParts = new ArrayList<>(done.traceParts());
        }

        void summary(int index, LazyHessian<?> hessian) {
            if (batches.stream().anyMatch(s -> s.batch() == index)) {
                return;
            }
            BatchHessian<?> h = hessian.get();
            if (!Double.isFinite(h.loss())) {
                throw LlaException.numerical("batch " + index + ": the loss is " + h.loss()
                        + " at the model's weights, so its Hessian is undefined");
            }
            batches.add(new BatchSummary(index, h.size(), h.loss(), (double) h.correct() / h.size()));
            save();
        }

        Optional<SlqRun> slq(Integer batch, int run) {
            return slq.stream().filter(s -> Objects.equals(s.batch(), batch) && s.run() == run).findFirst();
        }

        Optional<HessianEigen> eigen(Integer batch) {
            return eigen.stream().filter(e -> Objects.equals(e.batch(), batch)).findFirst();
        }

        Optional<TracePiece> trace(Integer batch) {
            return traces.stream().filter(t -> Objects.equals(t.batch(), batch)).findFirst();
        }

        Optional<TracePart> tracePart(Integer batch, int part) {
            return traceParts.stream().filter(t -> Objects.equals(t.batch(), batch) && t.part() == part).findFirst();
        }

        void add(SlqRun run) {
            slq.add(run);
            save();
        }

        /** Adds {@code e}, replacing a journaled search of the same Hessian (same numbers; results sort by batch). */
        void put(HessianEigen e) {
            eigen.removeIf(old -> Objects.equals(old.batch(), e.batch()));
            eigen.add(e);
            save();
        }

        void add(TracePiece t) {
            traces.add(t);
            save();
        }

        void add(TracePart t) {
            traceParts.add(t);
            save();
        }

        private void save() {
            journal.record(partial());
        }

        HesdPartial partial() {
            return new HesdPartial(fingerprint, batches, slq, eigen, traces, traceParts);
        }

        HesdRun result(List<Batch> input, HesdConfig config, double wallSeconds) {
            List<TracePiece> estimates = new ArrayList<>(traces);
            estimates.addAll(assembled);
            return new HesdRun(HesdResults.pool(input, config, batches, slq, eigen, estimates),
                    new Cost(hvps, hvpNanos / 1e9, wallSeconds), vectors);
        }
    }
}
