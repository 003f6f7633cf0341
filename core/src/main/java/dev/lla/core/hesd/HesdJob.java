package dev.lla.core.hesd;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.hesd.HesdResult.BatchSummary;
import dev.lla.core.hesd.HesdResult.Cost;
import dev.lla.core.hesd.HesdResult.Eigenvalue;
import dev.lla.core.hesd.HesdResult.HessianEigen;
import dev.lla.core.hesd.HesdResult.SlqRun;
import dev.lla.core.hesd.HesdResult.TraceSummary;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.ExtremeEigenpairs;
import dev.lla.core.spectrum.ExtremeEigenvalues;
import dev.lla.core.spectrum.HutchinsonTrace;
import dev.lla.core.spectrum.Lanczos;
import dev.lla.core.spectrum.LinearOperator;
import dev.lla.core.spectrum.QuadratureRun;
import dev.lla.core.spectrum.RitzPair;
import dev.lla.core.spectrum.SpectralDensity;
import dev.lla.core.spectrum.StochasticLanczosQuadrature;
import dev.lla.core.spectrum.TraceEstimate;
import dev.lla.core.spectrum.VectorSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * Hessian eigenvalue spectral density (HESD) of a model on some batches: SLQ runs, the smoothed
 * density, the extreme eigenvalues and the trace, all from exact Hessian-vector products.
 *
 * <p>Cost per Hessian: {@code runs × iterations} products for SLQ, up to {@code eigenIterations}
 * (+ k + 1 residual checks) for the extreme eigenvalues, up to {@code traceSamples} for the trace.
 */
public final class HesdJob {

    private final HesdConfig config;
    private final ProgressListener progress;

    public HesdJob(HesdConfig config, ProgressListener progress) {
        this.config = config;
        this.progress = progress;
    }

    /**
     * Runs the analysis. The model's BatchNorm running statistics are restored afterwards, whatever
     * the mode and however the run ends.
     */
    public <V> HesdResult run(TrainableModel<V> model, List<Batch> batches) {
        if (batches.isEmpty()) {
            throw LlaException.usage("no batches to analyse");
        }
        long wallStart = System.nanoTime();
        Accumulator acc = new Accumulator();
        try {
            switch (config.scope()) {
                case PER_BATCH -> {
                    for (Batch batch : batches) {
                        try (BatchHessian<V> hessian = model.hessian(batch, config.mode())) {
                            acc.batches.add(summary(batch.index(), hessian));
                            analyse(model.parameterSpace(), hessian, batch.index(), batches.size(), acc);
                        }
                    }
                }
                case MEAN -> {
                    for (Batch batch : batches) {
                        try (BatchHessian<V> hessian = model.hessian(batch, config.mode())) {
                            acc.batches.add(summary(batch.index(), hessian));
                        }
                    }
                    analyse(model.parameterSpace(),
                            new MeanHessian<>(model, batches, config.mode()), null, 1, acc);
                }
            }
        } finally {
            model.restoreBuffers();
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        return acc.result(batches, config, wall);
    }

    private BatchSummary summary(int index, BatchHessian<?> hessian) {
        if (!Double.isFinite(hessian.loss())) {
            throw LlaException.numerical(
                    "batch " + index + ": the loss is " + hessian.loss()
                            + " at the model's weights, so its Hessian is undefined");
        }
        return new BatchSummary(
                index, hessian.size(), hessian.loss(), (double) hessian.correct() / hessian.size());
    }

    private <V> void analyse(
            VectorSpace<V> space, LinearOperator<V> hessian, Integer batch, int hessians, Accumulator acc) {
        CountingOperator<V> counted = new CountingOperator<>(hessian);
        int tag = batch == null ? -1 : batch;
        String label = batch == null ? "mean Hessian" : "batch " + batch;
        int position = acc.eigen.size() + 1;
        String prefix = hessians > 1 ? label + " (" + position + "/" + hessians + ")" : label;

        Lanczos<V> lanczos = config.window() == 0
                ? Lanczos.fullReorthogonalization(space, counted)
                : Lanczos.boundedWindow(space, counted, config.window());
        StochasticLanczosQuadrature<V> slq = new StochasticLanczosQuadrature<>(lanczos, config.iterations());
        for (int r = 0; r < config.runs(); r++) {
            progress.update(prefix + ": SLQ run", r, config.runs());
            QuadratureRun run = slq.run(Seeds.stream(config.seed(), "slq", tag, r));
            acc.runs.add(run);
            acc.slq.add(new SlqRun(batch, r, run.nodes(), run.weights(), run.iterations(), run.exhausted()));
        }
        progress.update(prefix + ": SLQ run", config.runs(), config.runs());

        progress.update(prefix + ": extreme eigenvalues", 0, 1);
        ExtremeEigenvalues<V> extreme = new ExtremeEigenvalues<>(
                space, counted, config.eigenTolerance(), config.eigenIterations());
        ExtremeEigenpairs<V> pairs = extreme.compute(Seeds.stream(config.seed(), "eigen", tag), config.topK());
        try {
            List<Eigenvalue> top = new ArrayList<>();
            for (RitzPair<V> pair : pairs.largest()) {
                top.add(eigenvalue(pair));
            }
            acc.eigen.add(new HessianEigen(
                    batch, top, eigenvalue(pairs.smallest()), pairs.iterations(), pairs.exhausted()));
        } finally {
            pairs.release(space);
        }
        progress.update(prefix + ": extreme eigenvalues", 1, 1);

        if (config.traceSamples() > 0) {
            progress.update(prefix + ": trace", 0, 1);
            HutchinsonTrace<V> hutchinson = new HutchinsonTrace<>(space, counted,
                    Math.min(10, config.traceSamples()), config.traceSamples(), config.traceTolerance());
            acc.traces.add(hutchinson.estimate(Seeds.stream(config.seed(), "trace", tag)));
            progress.update(prefix + ": trace", 1, 1);
        }
        acc.hvps += counted.products();
        acc.hvpNanos += counted.nanos();
    }

    private static Eigenvalue eigenvalue(RitzPair<?> pair) {
        return new Eigenvalue(pair.value(), pair.residual(), pair.relativeResidual(), pair.converged());
    }

    /** Collects per-Hessian results and pools them at the end. */
    private static final class Accumulator {
        final List<BatchSummary> batches = new ArrayList<>();
        final List<QuadratureRun> runs = new ArrayList<>();
        final List<SlqRun> slq = new ArrayList<>();
        final List<HessianEigen> eigen = new ArrayList<>();
        final List<TraceEstimate> traces = new ArrayList<>();
        long hvps;
        long hvpNanos;

        HesdResult result(List<Batch> input, HesdConfig config, double wallSeconds) {
            SpectralDensity density =
                    new SpectralDensity(config.densityBins(), config.densityPad(), config.densityS2());
            return new HesdResult(
                    batches,
                    slq,
                    density.estimate(runs),
                    eigen,
                    meanTop(),
                    eigen.stream().mapToDouble(e -> e.min().value()).average().orElse(Double.NaN),
                    pooledTrace(input),
                    new Cost(hvps, hvpNanos / 1e9, wallSeconds));
        }

        /** The i-th largest averaged over Hessians, for every i that all of them reached. */
        private double[] meanTop() {
            int k = eigen.stream().mapToInt(e -> e.top().size()).min().orElse(0);
            double[] top = new double[k];
            for (HessianEigen e : eigen) {
                for (int i = 0; i < k; i++) {
                    top[i] += e.top().get(i).value() / eigen.size();
                }
            }
            return top;
        }

        /** tr(Σ w_b H_b) = Σ w_b tr(H_b) with sample weights; independent errors add in quadrature. */
        private TraceSummary pooledTrace(List<Batch> input) {
            if (traces.isEmpty()) {
                return null;
            }
            List<Double> each = traces.stream().map(TraceEstimate::mean).toList();
            if (traces.size() == 1) {
                TraceEstimate t = traces.get(0);
                return new TraceSummary(t.mean(), t.stderr(), t.samples(), each);
            }
            long total = input.stream().mapToLong(Batch::size).sum();
            double mean = 0;
            double variance = 0;
            int samples = 0;
            for (int b = 0; b < traces.size(); b++) {
                double w = (double) input.get(b).size() / total;
                TraceEstimate t = traces.get(b);
                mean += w * t.mean();
                variance += w * w * t.stderr() * t.stderr();
                samples += t.samples();
            }
            return new TraceSummary(mean, Math.sqrt(variance), samples, each);
        }
    }
}
