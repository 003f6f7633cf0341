package dev.lla.core.track;

import dev.lla.core.generalize.Checkpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The leading eigenpairs along a checkpoint series and how their span moved.
 *
 * @param checkpoints per checkpoint, in series order
 * @param consecutive checkpoint i against i + 1
 * @param toLast checkpoint i against the last one (the last against itself included: overlap 1)
 */
public record TrackResult(List<Entry> checkpoints, List<Comparison> consecutive, List<Comparison> toLast) {

    /** A checkpoint and its eigenpairs. */
    public record Entry(int index, Integer epoch, String model, double loss, int iterations,
            List<CheckpointEigen.Pair> pairs) {}

    /** The overlap of checkpoint {@code from}'s vectors with checkpoint {@code to}'s. */
    public record Comparison(int from, int to, double overlap, double[] bestCosine) {}

    /** The result of {@code eigen} (one per checkpoint, in order) and their {@code vectors}. */
    public static TrackResult of(List<Checkpoint> series, List<CheckpointEigen> eigen, List<List<float[]>> vectors) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Checkpoint c = series.get(i);
            CheckpointEigen e = eigen.get(i);
            entries.add(new Entry(c.index(), c.epoch(), c.model().toString(), e.loss(), e.iterations(), e.pairs()));
        }
        List<Comparison> consecutive = new ArrayList<>();
        List<Comparison> toLast = new ArrayList<>();
        int last = series.size() - 1;
        for (int i = 0; i < series.size(); i++) {
            if (i < last) {
                consecutive.add(compare(i, i + 1, vectors));
            }
            toLast.add(compare(i, last, vectors));
        }
        return new TrackResult(entries, consecutive, toLast);
    }

    private static Comparison compare(int from, int to, List<List<float[]>> vectors) {
        Overlap o = Overlap.of(vectors.get(from), vectors.get(to));
        return new Comparison(from, to, o.overlap(), o.bestCosine());
    }
}
