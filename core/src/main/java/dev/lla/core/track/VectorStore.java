package dev.lla.core.track;

import java.util.List;
import java.util.Optional;

/** Where {@link TrackJob} keeps each finished checkpoint's eigenvectors (host copies), so that a resume finds them. */
public interface VectorStore {

    /** Saves checkpoint {@code index}'s unit vectors, flat in parameter order, before its piece is journaled. */
    void save(int index, List<float[]> vectors);

    /** The vectors saved for checkpoint {@code index}, if any. */
    Optional<List<float[]>> load(int index);

    /** A store in memory (no resume across processes). */
    static VectorStore memory() {
        java.util.Map<Integer, List<float[]>> saved = new java.util.HashMap<>();
        return new VectorStore() {
            @Override
            public void save(int index, List<float[]> vectors) {
                saved.put(index, List.copyOf(vectors));
            }

            @Override
            public Optional<List<float[]>> load(int index) {
                return Optional.ofNullable(saved.get(index));
            }
        };
    }
}
