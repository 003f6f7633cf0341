package dev.lla.core.bench;

import dev.lla.core.data.Batch;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.VectorSpace;
import java.util.Arrays;
import java.util.List;

/**
 * Measures, in one process and on one batch, what a loss-landscape grid point costs against the
 * forward pass it needs: a point sets the weights from {@code w0 + α d1 + β d2} on the device and
 * evaluates the batch, so its time over a forward's is lla's overhead per point.
 *
 * <p>The time per point is taken between the first and the last point of a 2D filter-normalized
 * grid (from the job's progress reports), so the one-off set-up (origin, directions) is left out.
 */
public final class LandscapeBenchmark {

    private final int repeats;
    private final int steps;

    /**
     * @param repeats timed forward passes (after as many warm-up runs)
     * @param steps intervals per axis of the timed grid ((steps + 1)² points), even
     */
    public LandscapeBenchmark(int repeats, int steps) {
        this.repeats = repeats;
        this.steps = steps;
    }

    /** Time per point of a grid and of a forward pass, in milliseconds. */
    public record Result(int points, double forwardMillis, double pointMillis, double faultsPerPoint,
            double weightWriteMillis, double weightWriteGigabytesPerSecond, double writeThenForwardMillis) {

        /** Time per grid point over one forward pass of the same batch (goal ≤ 1.15). */
        public double pointOverForward() {
            return pointMillis / forwardMillis;
        }

        /**
         * The floor of {@link #pointOverForward()}: one weight write ({@code p ← base + β·d2}, 2P
         * numbers read and P written), which no grid can avoid since every point has new
         * weights, followed by the forward, timed together. Timed apart they cost less: the
         * forward after a write starts with caches full of the written weights, whose dirty
         * lines it writes back (ResNet18: 1–5 ms of a 30 ms forward).
         */
        public double floorOverForward() {
            return writeThenForwardMillis / forwardMillis;
        }
    }

    public <V> Result run(TrainableModel<V> model, Batch batch, ModelMode mode) {
        double[] forward = new double[repeats];
        for (int i = 0; i < 2 * repeats; i++) {
            long start = System.nanoTime();
            model.evaluate(batch, mode);
            if (i >= repeats) {
                forward[i - repeats] = (System.nanoTime() - start) / 1e6;
            }
        }
        model.restoreBuffers();
        Arrays.sort(forward);
        double write = weightWriteMillis(model, null, mode);
        double writeThenForward = weightWriteMillis(model, batch, mode);
        LandscapeConfig config = new LandscapeConfig(2, steps, 1, RandomDistribution.GAUSSIAN,
                DirectionNormalization.FILTER, 2, false, 1000, 0, mode);
        long[] firstAndLast = new long[2];
        ProcessCounters[] counters = new ProcessCounters[2];
        int points = (steps + 1) * (steps + 1);
        new LandscapeJob(config, (task, done, total) -> {
            if (done == 1) {
                counters[0] = ProcessCounters.now();
                firstAndLast[0] = System.nanoTime();
            } else if (done == total) {
                firstAndLast[1] = System.nanoTime();
                counters[1] = ProcessCounters.now();
            }
        }).run(model, List.of(batch));
        double pointMillis = (firstAndLast[1] - firstAndLast[0]) / 1e6 / (points - 1);
        long faults = counters[1].since(counters[0]).minorFaults();
        double faultsPerPoint = faults < 0 ? Double.NaN : (double) faults / (points - 1);
        long bytes = 3 * model.parameterSpace().dimension()
                * (model.parameterSpace().unitRoundoff() < 0x1p-30 ? Double.BYTES : Float.BYTES);
        return new Result(points, forward[repeats / 2], pointMillis, faultsPerPoint, write, bytes / (write * 1e6),
                writeThenForward);
    }

    /**
     * Median time of one point's weight write, {@code w0 + 0·z} with a zero vector z (which
     * writes back exactly the weights the model has, so nothing changes; two distinct vectors
     * are read, as at a grid point), alone or, with a {@code batch}, followed by its forward.
     */
    private <V> double weightWriteMillis(TrainableModel<V> model, Batch batch, ModelMode mode) {
        VectorSpace<V> space = model.parameterSpace();
        V w0 = space.zeros();
        V zero = space.zeros();
        try {
            model.readWeights(w0);
            double[] millis = new double[repeats];
            for (int i = 0; i < 2 * repeats; i++) {
                long start = System.nanoTime();
                model.writeWeights(w0, 0.0, zero);
                if (batch != null) {
                    model.evaluate(batch, mode);
                }
                if (i >= repeats) {
                    millis[i - repeats] = (System.nanoTime() - start) / 1e6;
                }
            }
            Arrays.sort(millis);
            return millis[repeats / 2];
        } finally {
            space.release(zero);
            space.release(w0);
        }
    }
}
