package dev.lla.cli;

import dev.lla.core.progress.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Progress on one rewritten stderr line, shown only when stderr is a terminal: units done of the
 * total, their rate and the time left, both from the current task's own pace (a task is one label;
 * a new label starts a new pace, so set-up time does not skew the estimate).
 */
final class StderrProgress implements ProgressListener {

    private final PrintWriter err;
    private final long started = System.nanoTime();
    private String task;
    private long taskStarted;
    private long doneAtTaskStart;
    private long lastPrinted;
    private int lastLength;

    private StderrProgress(PrintWriter err) {
        this.err = err;
    }

    /** A listener for {@code err}, or {@link ProgressListener#NONE} when progress must not show. */
    static ProgressListener forStderr(PrintWriter err, boolean quiet) {
        return !quiet && stderrIsTerminal() ? new StderrProgress(err) : ProgressListener.NONE;
    }

    @Override
    public void update(String task, long done, long total) {
        long now = System.nanoTime();
        if (!task.equals(this.task) || done < doneAtTaskStart) {
            this.task = task;
            taskStarted = now;
            doneAtTaskStart = done;
        } else if (done < total && now - lastPrinted < 100_000_000L) {
            return; // at most ten lines a second, however fast the units come
        }
        lastPrinted = now;
        String line = line(task, done, total, (now - started) / 1e9, (now - taskStarted) / 1e9,
                done - doneAtTaskStart);
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
        if (lastLength > 0) {
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
