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
}
