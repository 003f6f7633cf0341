package dev.lla.core.hesd;

import dev.lla.core.data.Batch;
import dev.lla.core.hesd.HesdPartial.TracePiece;
import dev.lla.core.hesd.HesdResult.BatchSummary;
import dev.lla.core.hesd.HesdResult.HessianEigen;
import dev.lla.core.hesd.HesdResult.SlqRun;
import dev.lla.core.hesd.HesdResult.TraceSummary;
import dev.lla.core.spectrum.QuadratureRun;
import dev.lla.core.spectrum.SpectralDensity;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Pools the per-Hessian pieces of an analysis into its result, in batch and run order. */
final class HesdResults {

    private HesdResults() {}

    static HesdResult pool(
            List<Batch> input,
            HesdConfig config,
            List<BatchSummary> batches,
            List<SlqRun> slq,
            List<HessianEigen> eigen,
            List<TracePiece> traces) {
        // Pieces reused from a journal come first; order them as an uninterrupted run would.
        List<Integer> order = input.stream().map(Batch::index).toList();
        Comparator<Integer> byBatch = Comparator.nullsFirst(Comparator.comparingInt(order::indexOf));
        List<SlqRun> runs = slq.stream()
                .sorted(Comparator.comparing(SlqRun::batch, byBatch).thenComparingInt(SlqRun::run))
                .toList();
        List<HessianEigen> eigenSorted = eigen.stream().sorted(Comparator.comparing(HessianEigen::batch, byBatch)).toList();
        List<TracePiece> tracesSorted = traces.stream().sorted(Comparator.comparing(TracePiece::batch, byBatch)).toList();
        List<BatchSummary> summaries = batches.stream()
                .sorted(Comparator.comparing(BatchSummary::batch, byBatch)).toList();
        List<QuadratureRun> quadratures = runs.stream()
                .map(r -> new QuadratureRun(r.nodes(), r.weights(), r.iterations(), r.exhausted(),
                        r.reorthogonalizations()))
                .toList();
        SpectralDensity density = new SpectralDensity(config.densityBins(), config.densityPad(), config.densityS2());
        return new HesdResult(
                summaries,
                runs,
                density.estimate(quadratures),
                eigenSorted,
                meanTop(eigenSorted),
                eigenSorted.stream().mapToDouble(e -> e.min().value()).average().orElse(Double.NaN),
                pooledTrace(input, tracesSorted));
    }

    /** The i-th largest averaged over Hessians, for every i that all of them reached. */
    private static double[] meanTop(List<HessianEigen> eigen) {
        int k = eigen.stream().mapToInt(e -> e.top().size()).min().orElse(0);
        double[] top = new double[k];
        for (HessianEigen e : eigen) {
            for (int i = 0; i < k; i++) {
                top[i] += e.top().get(i).value() / eigen.size();
            }
        }
        return top;
    }

    /**
     * tr(Σ w_b H_b) = Σ w_b tr(H_b) with sample weights w_b; independent errors add in
     * quadrature. One piece (one batch, or the mean Hessian) is reported as it is.
     */
    private static TraceSummary pooledTrace(List<Batch> input, List<TracePiece> traces) {
        if (traces.isEmpty()) {
            return null;
        }
        List<Double> each = traces.stream().map(TracePiece::mean).toList();
        if (traces.size() == 1) {
            TracePiece t = traces.get(0);
            return new TraceSummary(t.mean(), t.stderr(), t.samples(), each);
        }
        long total = input.stream().mapToLong(Batch::size).sum();
        double mean = 0;
        double variance = 0;
        int samples = 0;
        for (TracePiece t : traces) {
            Batch batch = input.stream().filter(b -> Objects.equals(b.index(), t.batch())).findFirst().orElseThrow();
            double w = (double) batch.size() / total;
            mean += w * t.mean();
            variance += w * w * t.stderr() * t.stderr();
            samples += t.samples();
        }
        return new TraceSummary(mean, Math.sqrt(variance), samples, each);
    }
}
