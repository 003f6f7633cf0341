package dev.lla.core.journal;

import java.util.function.Function;

/**
 * A journal for tests that simulate a killed run: it keeps every record, as a journal file would,
 * and can be told to throw right after a given record, as if the process died once the piece was
 * written. A resumed run then reads back what the "killed" one left, from the same journal.
 *
 * @param <P> the record of finished pieces
 */
public final class KillableJournal<P> implements Journal<P> {

    /** What the simulated kill throws; tests assert on this type. */
    public static final class Killed extends IllegalStateException {
        Killed() {
            super("killed");
        }
    }

    private final Journal<P> backing; // null: in memory
    private final Function<String, P> empty;
    private P last;
    private int records;
    private long killAt = Long.MAX_VALUE;

    private KillableJournal(Journal<P> backing, Function<String, P> empty) {
        this.backing = backing;
        this.empty = empty;
    }

    /** A journal in memory: {@link #finished} is the last record, or {@code empty}'s before any. */
    public static <P> KillableJournal<P> inMemory(Function<String, P> empty) {
        return new KillableJournal<>(null, empty);
    }

    /** A journal that reads and writes through {@code backing} (a JSON file, say). */
    public static <P> KillableJournal<P> around(Journal<P> backing) {
        return new KillableJournal<>(backing, null);
    }

    /** Throws {@link Killed} right after the {@code n}-th record from now (that record is kept). */
    public KillableJournal<P> killAfter(int n) {
        killAt = records + (long) n;
        return this;
    }

    /** No more kills: the next run goes to the end. */
    public KillableJournal<P> neverKill() {
        killAt = Long.MAX_VALUE;
        return this;
    }

    /** The last record (null before any). */
    public P last() {
        return last;
    }

    @Override
    public P finished(String fingerprint) {
        if (backing != null) {
            return backing.finished(fingerprint);
        }
        return last == null ? empty.apply(fingerprint) : last;
    }

    @Override
    public void record(P partial) {
        if (backing != null) {
            backing.record(partial);
        }
        last = partial;
        if (++records == killAt) {
            throw new Killed();
        }
    }
}
