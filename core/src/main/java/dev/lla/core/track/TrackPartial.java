package dev.lla.core.track;

import java.util.List;

/**
 * The finished checkpoints of a tracking run, journaled as they go (their vectors are kept by the
 * job's {@link VectorStore}); a resumed run reuses them and gives the numbers of an uninterrupted one.
 */
public record TrackPartial(String fingerprint, List<CheckpointEigen> checkpoints) {

    public TrackPartial {
        checkpoints = List.copyOf(checkpoints);
    }

    public static TrackPartial empty(String fingerprint) {
        return new TrackPartial(fingerprint, List.of());
    }
}
