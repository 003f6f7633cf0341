package dev.lla.core.landscape;

import dev.lla.core.shard.GridShard;
import dev.lla.core.journal.Journal;
import dev.lla.core.data.Batch;
import dev.lla.core.model.Evaluation;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.spectrum.VectorSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Computes a loss landscape (METHODS.md, "Loss landscape"; Li et al. 2018): the loss and accuracy
 * at {@code w0 + α d1 + β d2} on an exact centred grid. Each point's weights are set absolutely
 * from {@code w0} on the device, never by adding and subtracting steps, so no rounding drifts
 * along the grid. The model's weights and BatchNorm running statistics are restored afterwards.
 */
public final class LandscapeJob {

    private final LandscapeConfig config;
    private final ProgressListener progress;
    private final Journal<LandscapePartial> journal;
    private final String fingerprint;
    private dev.lla.core.shard.PieceSelection shard = GridShard.ALL;
    private String directionDigest;

    public LandscapeJob(LandscapeConfig config, ProgressListener progress) {
        this(config, progress, Journal.none(LandscapePartial::empty), "");
    }

    /** A job that records finished rows in {@code journal} under {@code fingerprint}. */
    public LandscapeJob(LandscapeConfig config, ProgressListener progress, Journal<LandscapePartial> journal,
            String fingerprint) {
        this.config = config;
        this.progress = progress;
        this.journal = journal;
        this.fingerprint = fingerprint;
    }

    /**
     * Computes only the rows that {@code shard} owns; the others stay NaN (loss and accuracy), for
     * {@code lla landscape merge} to fill from the other shards.
     */
    public LandscapeJob restrictedTo(dev.lla.core.shard.PieceSelection shard) {
        this.shard = shard;
        return this;
    }

    /** The {@link DirectionDigest} of the last run's directions (null before a run). */
    public String directionDigest() {
        return directionDigest;
    }

    /** Runs the grid along seeded random directions on {@code batches}; every point sees all of them. */
    public <V> LandscapeResult run(TrainableModel<V> model, List<Batch> batches) {
        return run(model, batches, w0 -> Directions.random(model.parameterSpace(), model.tensorwise(), w0, config));
    }

    /**
     * Runs the grid along the directions that {@code directions} makes from the original weights
     * (which it must not change); the job releases them at the end.
     */
    public <V> LandscapeResult run(TrainableModel<V> model, List<Batch> batches, Function<V, Directions<V>> directions) {
        return run(model, batches, directions, Grid.of(Grid.Coordinates.CENTRED, config));
    }

    /**
     * Runs {@code grid} (its coordinates and how a point's weights follow from them) along the
     * directions that {@code directions} makes from the original weights.
     */
    public <V> LandscapeResult run(TrainableModel<V> model, List<Batch> batches, Function<V, Directions<V>> directions,
            Grid grid) {
        VectorSpace<V> space = model.parameterSpace();
        V w0 = space.zeros();
        V w = null; // a 2D row's base w0 + c1·d1; a 1D point is written straight from w0
        Directions<V> pair = null;
        try {
            model.readWeights(w0);
            // The origin first: a train-mode model snapshots its buffers (with w0) on this pass.
            double[] origin = evaluate(model, batches);
            pair = directions.apply(w0);
            if (pair.d2() != null) {
                w = space.zeros();
            }
            directionDigest = DirectionDigest.of(space, model.tensorwise(), pair);
            double[] x = grid.x();
            double[] y = grid.y();
            double[][] loss = new double[x.length][y.length];
            double[][] accuracy = new double[x.length][y.length];
            long total = (long) x.length * y.length;
            List<LandscapePartial.Row> rows = new ArrayList<>(journal.finished(fingerprint).rows());
            for (LandscapePartial.Row row : rows) {
                loss[row.i()] = row.loss();
                accuracy[row.i()] = row.accuracy();
            }
            for (int i = 0; i < x.length; i++) {
                final int rowIndex = i;
                if (!shard.owns(i)) {
                    java.util.Arrays.fill(loss[i], Double.NaN);
                    java.util.Arrays.fill(accuracy[i], Double.NaN);
                    continue;
                }
                if (rows.stream().anyMatch(r -> r.i() == rowIndex)) {
                    continue;
                }
                double rowCoefficient = Double.NaN; // c1 of the base held in w
                for (int j = 0; j < y.length; j++) {
                    // w0 + c1·d1 + c2·d2 as (w0 + c1·d1) + c2·d2: the row's base is built once
                    // per value of c1 (once per row on a plain grid), and each point is one pass
                    // that writes the parameters from it, the cheapest a P-sized point can be.
                    double c1 = grid.c1(i, j);
                    if (pair.d2() == null) {
                        model.writeWeights(w0, c1, pair.d1());
                    } else {
                        if (Double.compare(c1, rowCoefficient) != 0) {
                            space.copy(w0, w);
                            space.axpy(c1, pair.d1(), w);
                            rowCoefficient = c1;
                        }
                        model.writeWeights(w, grid.c2(i, j), pair.d2());
                    }
                    double[] point = evaluate(model, batches);
                    loss[i][j] = Double.isFinite(point[0]) ? point[0] : Double.NaN;
                    accuracy[i][j] = point[1];
                    progress.update("landscape", (long) i * y.length + j + 1, total);
                }
                rows.add(new LandscapePartial.Row(i, loss[i].clone(), accuracy[i].clone()));
                journal.record(new LandscapePartial(fingerprint, rows));
            }
            return new LandscapeResult(config.dims(), x, y, loss, accuracy, origin[0], origin[1],
                    Explosion.of(loss, origin[0], config.explosionFactor()),
                    pair.norm1(), pair.norm2(), pair.cosine(), (long) origin[2]);
        } finally {
            try {
                model.writeWeights(w0);
                model.restoreBuffers();
            } finally {
                if (pair != null) {
                    pair.release(space);
                }
                if (w != null) {
                    space.release(w);
                }
                space.release(w0);
            }
        }
    }

    /** {mean loss, accuracy, samples} over the batches, weighted by their sizes. */
    private double[] evaluate(TrainableModel<?> model, List<Batch> batches) {
        double lossSum = 0;
        long correct = 0;
        long samples = 0;
        for (Batch batch : batches) {
            Evaluation e = model.evaluate(batch, config.mode());
            lossSum += e.loss() * e.size();
            correct += e.correct();
            samples += e.size();
        }
        return new double[] {lossSum / samples, (double) correct / samples, samples};
    }
}
