package dev.lla.core.bench;

import dev.lla.core.data.Batch;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.spectrum.Lanczos;
import dev.lla.core.spectrum.LinearOperator;
import dev.lla.core.spectrum.StochasticLanczosQuadrature;
import dev.lla.core.spectrum.VectorSpace;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Measures, in one process and on one batch, what lla adds to libtorch's own cost: a Hessian-vector
 * product against a forward + backward pass, an SLQ run against the sum of its products, and the
 * resident memory across many products. Times are medians of repeated runs after a warm-up.
 */
public final class HvpBenchmark {

    private final int repeats;
    private final int slqIterations;
    private final int memoryProducts;
    private final ProgressListener progress;

    /**
     * @param repeats timed repetitions of each operation (after as many warm-up runs)
     * @param slqIterations Lanczos steps of the timed SLQ run
     * @param memoryProducts products taken between the two resident-memory readings
     */
    public HvpBenchmark(int repeats, int slqIterations, int memoryProducts, ProgressListener progress) {
        this.repeats = repeats;
        this.slqIterations = slqIterations;
        this.memoryProducts = memoryProducts;
        this.progress = progress;
    }

    /** Runs every measurement on {@code batch} in {@code mode}. */
    public <V> BenchmarkResult run(TrainableModel<V> model, Batch batch, ModelMode mode) {
        VectorSpace<V> space = model.parameterSpace();
        V v = space.zeros();
        V out = space.zeros();
        try {
            space.fillRademacher(v, new SplittableRandom(1));
            progress.update("forward", 0, 5);
            double forward = medianMillis(() -> model.evaluate(batch, mode));
            progress.update("forward + backward", 1, 5);
            double forwardBackward = medianMillis(() -> model.gradient(batch, mode, out));
            progress.update("full Hessian-vector product", 2, 5);
            double fullHvp = medianMillis(() -> {
                try (BatchHessian<V> h = model.hessian(batch, mode)) {
                    h.apply(v, out);
                }
            });
            try (BatchHessian<V> hessian = model.hessian(batch, mode)) {
                progress.update("Hessian-vector product on a built graph", 3, 5);
                double graphHvp = medianMillis(() -> hessian.apply(v, out));
                progress.update("SLQ run", 4, 5);
                SlqTiming slq = timeSlq(space, hessian);
                long rssBefore = ResidentMemory.kib();
                long nativeBefore = NativeHeap.inUseBytes() / 1024;
                for (int i = 0; i < memoryProducts; i++) {
                    hessian.apply(v, out);
                }
                long rssAfter = ResidentMemory.kib();
                long nativeAfter = NativeHeap.inUseBytes() / 1024;
                progress.update("done", 5, 5);
                return new BenchmarkResult(batch.size(), space.dimension(), model.device(), repeats,
                        forward, forwardBackward, fullHvp, graphHvp, slqIterations, slq.wallMillis,
                        slq.hvpMillis, memoryProducts, rssBefore, rssAfter, nativeBefore, nativeAfter);
            }
        } finally {
            model.restoreBuffers();
            space.release(v);
            space.release(out);
        }
    }

    private record SlqTiming(double wallMillis, double hvpMillis) {}

    private <V> SlqTiming timeSlq(VectorSpace<V> space, LinearOperator<V> hessian) {
        long[] hvpNanos = new long[1];
        LinearOperator<V> timed = (x, y) -> {
            long start = System.nanoTime();
            hessian.apply(x, y);
            hvpNanos[0] += System.nanoTime() - start;
        };
        StochasticLanczosQuadrature<V> slq =
                new StochasticLanczosQuadrature<>(Lanczos.fullReorthogonalization(space, timed), slqIterations);
        slq.run(new SplittableRandom(2)); // warm-up
        hvpNanos[0] = 0;
        long start = System.nanoTime();
        slq.run(new SplittableRandom(3));
        return new SlqTiming((System.nanoTime() - start) / 1e6, hvpNanos[0] / 1e6);
    }

    private double medianMillis(Runnable operation) {
        for (int i = 0; i < repeats; i++) {
            operation.run();
        }
        double[] millis = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            operation.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return repeats % 2 == 1
                ? millis[repeats / 2]
                : (millis[repeats / 2 - 1] + millis[repeats / 2]) / 2;
    }
}
