package dev.lla.core.landscape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The finished rows of a landscape grid (all points at one {@code x[i]}), saved as the run goes
 * so that a killed run resumes where it stopped. Each point depends only on the weights, the
 * seeded directions and the batches, so a resumed grid equals an uninterrupted one.
 *
 * @param fingerprint identifies the inputs and configuration the rows belong to
 * @param rows finished rows
 */
public record LandscapePartial(String fingerprint, List<Row> rows) {

    public LandscapePartial {
        rows = List.copyOf(rows);
    }

    /** Nothing finished yet. */
    public static LandscapePartial empty(String fingerprint) {
        return new LandscapePartial(fingerprint, List.of());
    }

    /** The rows of all {@code parts} (shards or devices of one grid) under {@code fingerprint}, each row once. */
    public static LandscapePartial union(String fingerprint, List<LandscapePartial> parts) {
        Map<Integer, Row> rows = new TreeMap<>();
        parts.forEach(p -> p.rows().forEach(r -> rows.putIfAbsent(r.i(), r)));
        return new LandscapePartial(fingerprint, new ArrayList<>(rows.values()));
    }

    /** Loss and accuracy at every {@code y[j]} for {@code x[i]}. */
    public record Row(int i, double[] loss, double[] accuracy) {}
}
