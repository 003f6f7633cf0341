package dev.lla.core.shard;

import dev.lla.core.journal.Journal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One journal file written by several lanes (the devices of one run), each of which keeps its own
 * record of finished pieces: every record a lane saves replaces that lane's, and the file holds
 * the union of all of them with what an earlier run saved, so a killed run resumes with every
 * piece any device finished. {@link #whole()} is that union as one journal, for the pass that
 * pools the pieces into the job's result.
 *
 * @param <P> the record of finished pieces
 */
public final class SharedJournal<P> {

    private final Journal<P> file;
    private final BiFunction<String, List<P>, P> union;
    private final Function<P, String> fingerprintOf;
    private final Map<Integer, P> latest = new TreeMap<>();
    private P saved;

    /**
     * @param file where the union is saved (and an earlier run's pieces are read from)
     * @param union the pieces of several records, each once, under a fingerprint
     * @param fingerprintOf the fingerprint a record belongs to
     */
    public SharedJournal(Journal<P> file, BiFunction<String, List<P>, P> union, Function<P, String> fingerprintOf) {
        this.file = file;
        this.union = union;
        this.fingerprintOf = fingerprintOf;
    }

    /** The journal of lane {@code lane}: it resumes from the saved pieces and saves into the union. */
    public Journal<P> lane(int lane) {
        return new Journal<>() {
            @Override
            public P finished(String fingerprint) {
                return saved(fingerprint);
            }

            @Override
            public void record(P partial) {
                SharedJournal.this.record(lane, partial);
            }
        };
    }

    /** All lanes' pieces as one journal (its own records count as one more lane). */
    public Journal<P> whole() {
        return new Journal<>() {
            @Override
            public P finished(String fingerprint) {
                return union(fingerprint);
            }

            @Override
            public void record(P partial) {
                SharedJournal.this.record(-1, partial);
            }
        };
    }

    /** The saved pieces and every lane's, each once. */
    public synchronized P union(String fingerprint) {
        List<P> parts = new ArrayList<>();
        parts.add(saved(fingerprint));
        parts.addAll(latest.values());
        return union.apply(fingerprint, parts);
    }

    private synchronized P saved(String fingerprint) {
        if (saved == null) {
            saved = file.finished(fingerprint);
        }
        return saved;
    }

    private synchronized void record(int lane, P partial) {
        latest.put(lane, partial);
        file.record(union(fingerprintOf.apply(partial)));
    }
}
