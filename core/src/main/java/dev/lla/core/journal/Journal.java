package dev.lla.core.journal;

import java.util.function.Function;

/**
 * Where a long job keeps its finished pieces while it runs, so that a killed run can resume.
 * Implementations write each state whole (never half) before returning.
 *
 * @param <P> the record of finished pieces, which carries the fingerprint it belongs to
 */
public interface Journal<P> {

    /**
     * Pieces an earlier run finished for exactly these inputs and options, or an empty record.
     * Throws a usage error when the saved pieces belong to other inputs or options.
     */
    P finished(String fingerprint);

    /** Saves everything finished so far. */
    void record(P partial);

    /** A journal that remembers nothing: every run starts from scratch. */
    static <P> Journal<P> none(Function<String, P> empty) {
        return new Journal<>() {
            @Override
            public P finished(String fingerprint) {
                return empty.apply(fingerprint);
            }

            @Override
            public void record(P partial) {}
        };
    }
}
