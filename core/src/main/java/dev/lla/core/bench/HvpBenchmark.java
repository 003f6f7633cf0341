package dev.lla.core.bench;

import dev.lla.core.data.Batch;
import dev.lla.core.memory.GlibcMalloc;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.spectrum.Lanczos;
import dev.lla.core.spectrum.LinearOperator;
import dev.lla.core.spectrum.QuadratureRun;
import dev.lla.core.spectrum.StochasticLanczosQuadrature;
import dev.lla.core.spectrum.VectorSpace;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures, in one process and on one batch, what lla adds to libtorch's own cost: a Hessian-vector
 * product against a forward + backward pass, Gauss-Newton and NME products against the HVP (each on
 * its graphs, built once), an SLQ run against the sum of its products (with full and with partial
 * re-orthogonalization), and the resident memory across many products. Times are medians of
 * repeated runs after a warm-up.
 */
public final class HvpBenchmark {

    /** Timed SLQ runs per variant (each about a second on LeNet), after one warm-up run each. */
    private static final int SLQ_REPEATS = 3;

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
            progress.update("forward", 0, 7);
            double forward = medianMillis(() -> model.evaluate(batch, mode));
            progress.update("forward + backward", 1, 7);
            double forwardBackward = medianMillis(() -> model.gradient(batch, mode, out));
            progress.update("full Hessian-vector product", 2, 7);
            double fullHvp = medianMillis(() -> {
                try (BatchHessian<V> h = model.hessian(batch, mode)) {
                    h.apply(v, out);
                }
            });
            progress.update("Gauss-Newton product on built graphs", 3, 7);
            double gaussNewton = graphMillis(model, batch, mode, Curvature.GAUSS_NEWTON, v, out);
            progress.update("NME product on built graphs", 4, 7);
            double nme = graphMillis(model, batch, mode, Curvature.NME, v, out);
            try (BatchHessian<V> hessian = model.hessian(batch, mode)) {
                progress.update("Hessian-vector product on a built graph", 5, 7);
                double graphHvp = medianMillis(() -> hessian.apply(v, out));
                progress.update("SLQ runs", 6, 7);
                SlqTiming[] slq = timeSlq(space, hessian);
                SlqTiming full = slq[0];
                SlqTiming partial = slq[1];
                double basisPass = basisPassMillis(space, v, out);
                long rssBefore = ResidentMemory.kib();
                long nativeBefore = NativeHeap.inUseBytes() / 1024;
                ProcessCounters before = ProcessCounters.now();
                for (int i = 0; i < memoryProducts; i++) {
                    hessian.apply(v, out);
                }
                ProcessCounters products = ProcessCounters.now().since(before);
                long rssAfter = ResidentMemory.kib();
                long nativeAfter = NativeHeap.inUseBytes() / 1024;
                progress.update("done", 7, 7);
                return new BenchmarkResult(batch.size(), space.dimension(), model.device(), repeats,
                        forward, forwardBackward, fullHvp, graphHvp, gaussNewton, nme, slqIterations, full.wallMillis,
                        full.hvpMillis, partial.wallMillis, partial.hvpMillis, partial.reorthogonalizations,
                        memoryProducts, rssBefore, rssAfter, nativeBefore, nativeAfter,
                        perUnit(products.minorFaults(), memoryProducts), products.kernelShare(),
                        perUnit(full.faults, slqIterations), full.kernelShare, GlibcMalloc.mode(), basisPass,
                        space.unitRoundoff() < 0x1p-30 ? Double.BYTES : Float.BYTES);
            }
        } finally {
            model.restoreBuffers();
            space.release(v);
            space.release(out);
        }
    }

    /**
     * Median time of one {@code curvature} product on graphs built once beforehand, as
     * {@code graphHvp} times the HVP: each graph is released before the next is built, so that no
     * product runs beside another's graph.
     */
    private <V> double graphMillis(TrainableModel<V> model, Batch batch, ModelMode mode, Curvature curvature,
            V v, V out) {
        try (BatchHessian<V> product = model.curvature(batch, mode, curvature)) {
            return medianMillis(() -> product.apply(v, out));
        }
    }

    /** One timed SLQ run: wall time, time inside its products, steps re-orthogonalized. */
    private record SlqTiming(double wallMillis, double hvpMillis, int reorthogonalizations, long faults,
            double kernelShare) {

        double overhead() {
            return wallMillis / hvpMillis;
        }
    }

    /**
     * Times SLQ with full and with partial re-orthogonalization, alternating the two so that both
     * see the same machine state, each from the same start vector; per variant, the run with the
     * median wall/product ratio.
     */
    private <V> SlqTiming[] timeSlq(VectorSpace<V> space, LinearOperator<V> hessian) {
        long[] hvpNanos = new long[1];
        LinearOperator<V> timed = (x, y) -> {
            long start = System.nanoTime();
            hessian.apply(x, y);
            hvpNanos[0] += System.nanoTime() - start;
        };
        List<Lanczos<V>> variants = List.of(
                Lanczos.fullReorthogonalization(space, timed),
                Lanczos.partialReorthogonalization(space, timed));
        SlqTiming[][] timings = new SlqTiming[variants.size()][SLQ_REPEATS];
        for (Lanczos<V> lanczos : variants) {
            new StochasticLanczosQuadrature<>(lanczos, slqIterations).run(new SplittableRandom(2)); // warm-up
        }
        for (int r = 0; r < SLQ_REPEATS; r++) {
            for (int v = 0; v < variants.size(); v++) {
                StochasticLanczosQuadrature<V> slq =
                        new StochasticLanczosQuadrature<>(variants.get(v), slqIterations);
                hvpNanos[0] = 0;
                ProcessCounters before = ProcessCounters.now();
                long start = System.nanoTime();
                QuadratureRun run = slq.run(new SplittableRandom(3));
                long wall = System.nanoTime() - start;
                ProcessCounters counted = ProcessCounters.now().since(before);
                timings[v][r] = new SlqTiming(wall / 1e6, hvpNanos[0] / 1e6, run.reorthogonalizations(),
                        counted.minorFaults(), counted.kernelShare());
            }
        }
        SlqTiming[] medians = new SlqTiming[variants.size()];
        for (int v = 0; v < variants.size(); v++) {
            SlqTiming[] sorted = timings[v].clone();
            Arrays.sort(sorted, Comparator.comparingDouble(SlqTiming::overhead));
            medians[v] = sorted[SLQ_REPEATS / 2];
        }
        return medians;
    }

    /**
     * One raw pass over a full basis of {@code slqIterations} vectors (a combination of all rows,
     * the matrix-vector product that re-orthogonalization does twice per step), median time: the
     * memory-bound unit that bounds the SLQ overhead (see {@link BenchmarkResult#slqFloorOverHvps}).
     */
    private <V> double basisPassMillis(VectorSpace<V> space, V v, V out) {
        int rows = (int) Math.min(slqIterations, space.dimension());
        try (dev.lla.core.spectrum.Basis<V> basis = space.newBasis(rows)) {
            for (int i = 0; i < rows; i++) {
                basis.append(v);
            }
            double[] weights = new double[rows];
            Arrays.fill(weights, 1.0 / rows);
            return medianMillis(() -> basis.combine(weights, out));
        }
    }

    private static double perUnit(long count, int units) {
        return count < 0 || units == 0 ? Double.NaN : (double) count / units;
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
