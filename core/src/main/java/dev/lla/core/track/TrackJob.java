package dev.lla.core.track;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.generalize.Checkpoint;
import dev.lla.core.hesd.HesdMemory;
import dev.lla.core.hesd.Localization;
import dev.lla.core.hesd.MeanHessian;
import dev.lla.core.journal.Journal;
import dev.lla.core.memory.MemoryPlan;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.ModelSize;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.ExtremeEigenpairs;
import dev.lla.core.spectrum.ExtremeEigenvalues;
import dev.lla.core.spectrum.LinearOperator;
import dev.lla.core.spectrum.RitzPair;
import dev.lla.core.spectrum.VectorSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The top-k Hessian eigenpairs of every checkpoint of a series, on one set of batches and from one
 * seeded start vector, so that what changes along the series comes from the weights alone (the
 * mean Hessian over the batches when there are several).
 *
 * <p>Each finished checkpoint's vectors go to the {@link VectorStore} and its numbers to the
 * journal; a rerun with the same fingerprint reuses both. Cost per checkpoint: up to {@code
 * eigenIterations + k} Hessian-vector products per batch; memory: {@code k·P} floats on the host
 * per checkpoint for the overlaps.
 */
public final class TrackJob {

    private final TrackConfig config;
    private final ProgressListener progress;
    private final Journal<TrackPartial> journal;
    private final String fingerprint;
    private final VectorStore store;

    public TrackJob(TrackConfig config, ProgressListener progress, Journal<TrackPartial> journal, String fingerprint,
            VectorStore store) {
        this.config = config;
        this.progress = progress;
        this.journal = journal;
        this.fingerprint = fingerprint;
        this.store = store;
    }

    /**
     * Checks, before any long work, that the series has at least two checkpoints and that all
     * have the first one's parameters (names and shapes): one clear error otherwise.
     */
    public static void checkSeries(List<Checkpoint> series, Function<Path, TrainableModel<?>> open) {
        checkSeries(series, open, first -> { });
    }

    /**
     * As {@link #checkSeries(List, Function)}, handing the first checkpoint's model, while it is
     * open, to {@code first} (the memory plan), so that it is not opened once more for that.
     */
    public static void checkSeries(List<Checkpoint> series, Function<Path, TrainableModel<?>> open,
            Consumer<TrainableModel<?>> first) {
        if (series.size() < 2) {
            throw LlaException.usage("lla track compares checkpoints: the series holds " + series.size()
                    + " (" + series.get(0).model().getFileName() + "); give at least two");
        }
        List<ParameterInfo> firstParameters = null;
        for (Checkpoint c : series) {
            try (TrainableModel<?> model = open.apply(c.model())) {
                List<ParameterInfo> parameters = model.parameters();
                if (firstParameters == null) {
                    firstParameters = parameters;
                    first.accept(model);
                } else {
                    String difference = difference(firstParameters, parameters);
                    if (difference != null) {
                        throw LlaException.input(c.model().getFileName() + " has another architecture than "
                                + series.get(0).model().getFileName() + ": " + difference);
                    }
                }
            }
        }
    }

    /** How two parameter lists differ, or null if they have the same names and shapes. */
    static String difference(List<ParameterInfo> a, List<ParameterInfo> b) {
        if (a.size() != b.size()) {
            return a.size() + " against " + b.size() + " parameter tensors";
        }
        for (int i = 0; i < a.size(); i++) {
            ParameterInfo p = a.get(i);
            ParameterInfo q = b.get(i);
            if (!p.name().equals(q.name()) || !Arrays.equals(p.shape(), q.shape())) {
                return "parameter " + i + " is " + p.name() + " " + Arrays.toString(p.shape()) + " against "
                        + q.name() + " " + Arrays.toString(q.shape());
            }
        }
        return null;
    }

    /**
     * The memory plan of one checkpoint's search on {@code model} (its {@code eigenIterations}
     * basis rows, the graph of the largest batch), with every checkpoint's k float32 vectors on
     * the host for the overlaps; refused with one line when it cannot fit ({@link HesdMemory#checkSearch}).
     *
     * @param limitBytes plan against at most this much device memory; -1 for all that is free
     */
    public static Optional<MemoryPlan> plan(TrackConfig config, int checkpoints, long limitBytes,
            TrainableModel<?> model, List<Batch> batches) {
        return HesdMemory.checkSearch(config.topK(), config.eigenIterations(), config.mode(), Curvature.HESSIAN, false,
                hostCopies(config, checkpoints, model.parameterSpace().dimension()), limitBytes, model, batches);
    }

    /**
     * Refuses, before libtorch loads, a series whose counted parts cannot fit: the search's basis
     * and vectors on one checkpoint of {@code model}'s size, and every checkpoint's host copies.
     */
    public static void checkBeforeEngine(TrackConfig config, int checkpoints, long limitBytes, ModelSize model) {
        HesdMemory.checkSearchBeforeEngine(config.topK(), config.eigenIterations(), Curvature.HESSIAN, false,
                hostCopies(config, checkpoints, model.parameters()), limitBytes, model);
    }

    /** The top-k eigenvectors of every checkpoint, kept on the host for the overlaps. */
    private static HesdMemory.HostVectors hostCopies(TrackConfig config, int checkpoints, long dimension) {
        return new HesdMemory.HostVectors((long) checkpoints * config.topK() * dimension * Float.BYTES,
                checkpoints + " checkpoints × " + config.topK() + " host copies");
    }

    /** The eigenpairs of every checkpoint and their overlaps; {@code finished} hears of each checkpoint. */
    public TrackResult run(List<Checkpoint> series, List<Batch> batches, Function<Path, TrainableModel<?>> open,
            Consumer<CheckpointEigen> finished) {
        if (batches.isEmpty()) {
            throw LlaException.usage("no batches to analyse");
        }
        List<CheckpointEigen> done = new ArrayList<>(journal.finished(fingerprint).checkpoints());
        List<CheckpointEigen> eigen = new ArrayList<>();
        List<List<float[]>> vectors = new ArrayList<>();
        for (Checkpoint c : series) {
            progress.update("checkpoints", c.index(), series.size());
            Optional<CheckpointEigen> old = done.stream().filter(e -> e.checkpoint() == c.index()).findFirst();
            Optional<List<float[]>> saved = store.load(c.index());
            if (old.isPresent() && saved.isPresent()) {
                eigen.add(old.get());
                vectors.add(saved.get());
                continue;
            }
            List<float[]> found = new ArrayList<>();
            CheckpointEigen e;
            try (TrainableModel<?> model = open.apply(c.model())) {
                e = measure(model, c.index(), batches, found);
            }
            store.save(c.index(), found);
            done.removeIf(d -> d.checkpoint() == c.index());
            done.add(e);
            journal.record(new TrackPartial(fingerprint, done));
            eigen.add(e);
            vectors.add(found);
            finished.accept(e);
        }
        progress.update("checkpoints", series.size(), series.size());
        return TrackResult.of(series, eigen, vectors);
    }

    private <V> CheckpointEigen measure(TrainableModel<V> model, int index, List<Batch> batches, List<float[]> found) {
        VectorSpace<V> space = model.parameterSpace();
        List<BatchHessian<V>> hessians = new ArrayList<>();
        try {
            double loss = 0;
            long samples = batches.stream().mapToLong(Batch::size).sum();
            for (Batch b : batches) {
                BatchHessian<V> h = model.hessian(b, config.mode());
                hessians.add(h);
                loss += h.loss() * b.size() / samples;
            }
            LinearOperator<V> operator = batches.size() == 1 ? hessians.get(0)
                    : new MeanHessian<>(model, batches, config.mode());
            if (batches.size() > 1) {
                hessians.forEach(BatchHessian::close); // the mean builds its own per product
                hessians.clear();
            }
            ExtremeEigenvalues<V> extreme = new ExtremeEigenvalues<>(space, operator, config.eigenTolerance(),
                    config.eigenIterations());
            // The same start vector for every checkpoint: the seed stream does not depend on the index.
            ExtremeEigenpairs<V> pairs = extreme.compute(Seeds.stream(config.seed(), "track-eigen"), config.topK());
            try {
                List<CheckpointEigen.Pair> out = new ArrayList<>();
                for (RitzPair<V> pair : pairs.largest()) {
                    float[] host = model.tensorwise().toFloats(pair.vector());
                    found.add(host);
                    Localization l = Localization.of(host, model.parameters());
                    out.add(new CheckpointEigen.Pair(pair.value(), pair.residual(), pair.relativeResidual(),
                            pair.converged(), l.ipr(), l.tensors()));
                }
                return new CheckpointEigen(index, loss, out, pairs.iterations());
            } finally {
                pairs.release(space);
            }
        } finally {
            hessians.forEach(BatchHessian::close);
            model.restoreBuffers();
        }
    }
}
