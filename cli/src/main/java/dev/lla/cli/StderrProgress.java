package dev.lla.cli;

import dev.lla.core.progress.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress on stderr: units done of the total, their rate and the time left, both from the current
 * task's own pace (a task is one label; a new label starts a new pace, so set-up time does not skew
 * the estimate). On a terminal it is one rewritten line; into a file or pipe (a batch job's log) it
 * is a plain line half a minute in and then once a minute, so that a log shows the estimate early
 * without filling up.
 */
final class StderrProgress implements ProgressListener {

    /** A log's first line comes this long after the start, the next ones this far apart. */
    static final long LOG_FIRST_NANOS = 30_000_000_000L;
    static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long started;
    private String task;
    private long taskStarted;
    private long doneAtTaskStart;
    private long lastPrinted;
    /** The whole job's units ({@link #overall}), or a total of -1 while none was reported. */
    private long jobDone;
    private long jobTotal = -1;
    private long jobStarted;
    private int lastLength;

    StderrProgress(PrintWriter err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastPrinted = started - LOG_EVERY_NANOS + LOG_FIRST_NANOS;
    }

    /** A listener for {@code err}, or {@link ProgressListener#NONE} under --quiet. */
    static ProgressListener forStderr(PrintWriter err, boolean quiet) {
        return quiet ? ProgressListener.NONE : new StderrProgress(err, stderrIsTerminal(), System::nanoTime);
    }

    @Override
    public void update(String task, long done, long total) {
        long now = clock.getAsLong();
        if (!task.equals(this.task) || done < doneAtTaskStart) {
            this.task = task;
            taskStarted = now;
            doneAtTaskStart = done;
            if (terminal) {
                print(task, done, total, now);
                return;
            }
        }
        if (terminal ? done < total && now - lastPrinted < 100_000_000L : now - lastPrinted < LOG_EVERY_NANOS) {
            return; // a terminal gets at most ten lines a second, a log one a minute
        }
        print(task, done, total, now);
    }

    @Override
    public void overall(long done, long total) {
        if (jobTotal < 0 || done == 0 || done < jobDone) {
            jobStarted = clock.getAsLong(); // a new job (criteria and generalize run one per cell)
        }
        jobDone = done;
        jobTotal = total;
    }

    private void print(String task, long done, long total, long now) {
        lastPrinted = now;
        String line = line(task, done, total, (now - started) / 1e9, (now - taskStarted) / 1e9,
                done - doneAtTaskStart) + (jobTotal > 0 ? job(jobDone, jobTotal, (now - jobStarted) / 1e9) : "");
        if (!terminal) {
            err.println(line);
            err.flush();
            return;
        }
        int pad = Math.max(0, lastLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        lastLength = line.length();
        err.flush();
    }

    /**
     * The progress line: {@code task done/total  rate/s  ETA 1m05s  [12s]}, the rate and time left
     * from the {@code sinceTaskStart} units finished in the task's {@code taskSeconds}; both are
     * left out until a unit has finished.
     */
    static String line(String task, long done, long total, double seconds, double taskSeconds, long sinceTaskStart) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %d/%d", task, done, total));
        if (sinceTaskStart > 0 && taskSeconds > 0) {
            double rate = sinceTaskStart / taskSeconds;
            line.append(String.format(Locale.ROOT, "  %s/s", rate >= 10 ? String.format(Locale.ROOT, "%.0f", rate)
                    : String.format(Locale.ROOT, "%.2g", rate)));
            if (done < total) {
                line.append("  ETA ").append(duration((total - done) / rate));
            }
        }
        line.append(String.format(Locale.ROOT, "  [%.0fs]", seconds));
        return line.toString();
    }

    /** The whole job's part of the line: {@code  · all 58/1112, ETA 5m40s}, no estimate before a unit. */
    static String job(long done, long total, double seconds) {
        String part = String.format(Locale.ROOT, "  · all %d/%d", done, total);
        return done > 0 && done < total && seconds > 0 ? part + ", ETA " + duration((total - done) * seconds / done)
                : part;
    }

    /** {@code 42s}, {@code 3m07s} or {@code 2h05m}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** Ends the progress line so that what follows starts on a clean line. */
    void finish() {
        if (terminal && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
        }
    }

    /**
     * Linux tells whether fd 2 is a terminal through /proc; elsewhere the JVM's console (which asks
     * about stdin and stdout) is the best available guess.
     */
    private static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.exists(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            // fall through to the console check
        }
        return System.console() != null;
    }
}
