package dev.lla.core.hesd;

import dev.lla.core.hesd.HesdResult.BatchSummary;
import dev.lla.core.hesd.HesdResult.HessianEigen;
import dev.lla.core.hesd.HesdResult.SlqRun;
import java.util.List;

/**
 * The finished pieces of a Hessian analysis, saved as the run goes so that a killed run resumes
 * where it stopped. Every piece is a pure function of the inputs, the configuration and its seed
 * stream, so a resumed run gives exactly the numbers of an uninterrupted one.
 *
 * @param fingerprint identifies the inputs and configuration the pieces belong to
 * @param batches batches whose loss and accuracy are known
 * @param slq finished SLQ runs
 * @param eigen finished extreme-eigenvalue searches
 * @param traces finished trace estimates
 */
public record HesdPartial(
        String fingerprint,
        List<BatchSummary> batches,
        List<SlqRun> slq,
        List<HessianEigen> eigen,
        List<TracePiece> traces) {

    public HesdPartial {
        batches = List.copyOf(batches);
        slq = List.copyOf(slq);
        eigen = List.copyOf(eigen);
        traces = List.copyOf(traces);
    }

    /** Nothing finished yet. */
    public static HesdPartial empty(String fingerprint) {
        return new HesdPartial(fingerprint, List.of(), List.of(), List.of(), List.of());
    }

    /**
     * A finished trace estimate of one Hessian ({@code batch} null for the mean Hessian); {@code sketchRank}
     * and {@code deflated} are Hutch++'s (0 for Hutchinson), see {@code TraceEstimate}.
     */
    public record TracePiece(Integer batch, double mean, double stderr, int samples, double[] values, int sketchRank,
            double deflated) {}
}
