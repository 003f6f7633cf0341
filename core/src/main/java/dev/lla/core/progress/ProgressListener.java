package dev.lla.core.progress;

/**
 * Receives progress of long work. Core never prints; the command line decides whether and where
 * progress is shown (stderr, only on a terminal).
 */
@FunctionalInterface
public interface ProgressListener {

    /** Does nothing. */
    ProgressListener NONE = (task, done, total) -> {};

    /** {@code done} of {@code total} units of {@code task} are finished. */
    void update(String task, long done, long total);

    /**
     * Across all the tasks of one job: {@code done} units made of at most {@code total}, where a
     * piece that ends early or is skipped (resumed, another shard's) takes what it leaves unused
     * out of the total, so that the rate of {@code done} gives the whole job's time left.
     */
    default void overall(long done, long total) {}
}
