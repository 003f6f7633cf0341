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
 * <p>The grid is a 2D filter-normalized one, run by the {@link LandscapeJob} itself. After each
 * of its points (at the job's progress report) two references are timed, so that each point has
 * its own, a few milliseconds away: a forward alone, and the floor, a weight write followed by the
 * forward. Their medians against the median point are the ratios (a row's base, built at 1 in
 * S + 1 points, is outside the median). Measured apart, one after the
 * other, the three drifted with this VM's speed (a ResNet18 forward 28–48 ms within minutes),
 * which put the point 1.5–1.9× over a forward timed seconds earlier while a second run of the
 * same grid gave 1.2×. The references write the original weights, which the job's next point
 * overwrites in full, so the grid's own numbers are not touched; the one-off set-up (origin,
 * directions) is left out.
 */
public final class LandscapeBenchmark {

    private final int repeats;
    private final int steps;

    /**
     * @param repeats warm-up forward passes, and timed weight writes (after as many untimed)
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
        for (int i = 0; i < repeats; i++) {
            model.evaluate(batch, mode); // warm-up
        }
        model.restoreBuffers();
        LandscapeConfig config = new LandscapeConfig(2, steps, 1, RandomDistribution.GAUSSIAN,
                DirectionNormalization.FILTER, 2, false, 1000, 0, mode);
        int points = (steps + 1) * (steps + 1);
        PairedTimes times = new PairedTimes(model, batch, mode, points);
        double write;
        try {
            write = times.writeAloneMillis(repeats);
            new LandscapeJob(config, (task, done, total) -> times.afterPoint((int) done)).run(model, List.of(batch));
        } finally {
            times.release();
        }
        long bytes = 3 * model.parameterSpace().dimension()
                * (model.parameterSpace().unitRoundoff() < 0x1p-30 ? Double.BYTES : Float.BYTES);
        return new Result(points, median(times.forward), median(times.point), times.faultsPerPoint(), write,
                bytes / (write * 1e6), median(times.floor));
    }

    /**
     * The grid's points timed from the end of the previous point's references to the job's report
     * of this one (its weight write, forward and loss, and a row's base when a row starts), and
     * after each the two references: the floor ({@code w0 + 0·z} written, then the forward) and a
     * forward alone.
     */
    private static final class PairedTimes {
        private final TrainableModel<?> model;
        private final Batch batch;
        private final ModelMode mode;
        private final Runnable writeOriginal;
        private final Runnable releaseVectors;
        final double[] point;
        final double[] floor;
        final double[] forward;
        private long pointStart;
        private ProcessCounters pointCounters;
        private long faults;

        <V> PairedTimes(TrainableModel<V> model, Batch batch, ModelMode mode, int points) {
            this.model = model;
            this.batch = batch;
            this.mode = mode;
            VectorSpace<V> space = model.parameterSpace();
            V w0 = space.zeros();
            V zero = space.zeros();
            model.readWeights(w0);
            this.writeOriginal = () -> model.writeWeights(w0, 0.0, zero);
            this.releaseVectors = () -> {
                space.release(zero);
                space.release(w0);
            };
            this.point = new double[points - 1];
            this.floor = new double[points - 1];
            this.forward = new double[points - 1];
        }

        /** At the job's report of point {@code done} (1-based): times it, then its references. */
        void afterPoint(int done) {
            long now = System.nanoTime();
            if (done > 1) {
                point[done - 2] = (now - pointStart) / 1e6;
                faults += ProcessCounters.now().since(pointCounters).minorFaults();
                long start = System.nanoTime();
                writeOriginal.run();
                model.evaluate(batch, mode);
                long mid = System.nanoTime();
                model.evaluate(batch, mode);
                floor[done - 2] = (mid - start) / 1e6;
                forward[done - 2] = (System.nanoTime() - mid) / 1e6;
            }
            pointCounters = ProcessCounters.now();
            pointStart = System.nanoTime();
        }

        /**
         * Median time of one weight write alone, {@code w0 + 0·z} with a zero vector z (which writes
         * back exactly the weights the model has, so nothing changes; two distinct vectors are
         * read, as at a grid point), over {@code repeats} after as many untimed.
         */
        double writeAloneMillis(int repeats) {
            double[] millis = new double[repeats];
            for (int i = 0; i < 2 * repeats; i++) {
                long start = System.nanoTime();
                writeOriginal.run();
                if (i >= repeats) {
                    millis[i - repeats] = (System.nanoTime() - start) / 1e6;
                }
            }
            return median(millis);
        }

        double faultsPerPoint() {
            return faults < 0 ? Double.NaN : (double) faults / point.length;
        }

        void release() {
            releaseVectors.run();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
