package dev.lla.core.hesd;

import dev.lla.core.hesd.HesdResult.BatchSummary;
import dev.lla.core.hesd.HesdResult.HessianEigen;
import dev.lla.core.hesd.HesdResult.SlqRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The finished pieces of a Hessian analysis, saved as the run goes so that a killed run resumes
 * where it stopped. Every piece is a pure function of the inputs, the configuration and its seed
 * stream, so a resumed run gives exactly the numbers of an uninterrupted one.
 *
 * @param fingerprint identifies the inputs and configuration the pieces belong to
 * @param batches batches whose loss and accuracy are known
 * @param slq finished SLQ runs
 * @param eigen finished extreme-eigenvalue searches
 * @param traces finished Hutch++ trace estimates, one piece each
 * @param traceParts finished parts of Hutchinson traces, from which the estimates are assembled
 */
public record HesdPartial(
        String fingerprint,
        List<BatchSummary> batches,
        List<SlqRun> slq,
        List<HessianEigen> eigen,
        List<TracePiece> traces,
        List<TracePart> traceParts) {

    public HesdPartial {
        batches = List.copyOf(batches);
        slq = List.copyOf(slq);
        eigen = List.copyOf(eigen);
        traces = List.copyOf(traces);
        // A journal written before traces came in parts has none (its fingerprint differs anyway).
        traceParts = traceParts == null ? List.of() : List.copyOf(traceParts);
    }

    /** Nothing finished yet. */
    public static HesdPartial empty(String fingerprint) {
        return new HesdPartial(fingerprint, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * The pieces of all {@code parts} (shards of one job, or the devices of one run) under
     * {@code fingerprint}, each piece once: a piece that several parts hold (a batch summary that
     * every shard computes, a piece resumed from one journal) is the same numbers in each, so
     * the first is kept. Order does not matter: results pool pieces in batch and run order.
     */
    public static HesdPartial union(String fingerprint, List<HesdPartial> parts) {
        return new HesdPartial(fingerprint,
                distinct(parts, HesdPartial::batches, BatchSummary::batch),
                distinct(parts, HesdPartial::slq, r -> java.util.Arrays.asList(r.batch(), r.run())),
                distinct(parts, HesdPartial::eigen, HessianEigen::batch),
                distinct(parts, HesdPartial::traces, TracePiece::batch),
                distinct(parts, HesdPartial::traceParts, t -> java.util.Arrays.asList(t.batch(), t.part())));
    }

    /** How many pieces this holds (batch summaries not counted). */
    public int pieces() {
        return slq.size() + eigen.size() + traces.size() + traceParts.size();
    }

    private static <T> List<T> distinct(List<HesdPartial> parts, Function<HesdPartial, List<T>> pieces,
            Function<T, Object> key) {
        Map<Object, T> kept = new LinkedHashMap<>();
        for (HesdPartial part : parts) {
            for (T piece : pieces.apply(part)) {
                kept.putIfAbsent(Objects.requireNonNullElse(key.apply(piece), "mean"), piece);
            }
        }
        return new ArrayList<>(kept.values());
    }

    /**
     * A finished trace estimate of one Hessian ({@code batch} null for the mean Hessian); {@code sketchRank}
     * and {@code deflated} are Hutch++'s (0 for Hutchinson), see {@code TraceEstimate}.
     */
    public record TracePiece(Integer batch, double mean, double stderr, int samples, double[] values, int sketchRank,
            double deflated) {}

    /**
     * Part {@code part} of one Hessian's Hutchinson trace ({@code batch} null for the mean Hessian):
     * its samples, all of them, or fewer when the stopping rule ended the estimate inside the part.
     */
    public record TracePart(Integer batch, int part, double[] values) {}
}
