package dev.lla.cli;

import dev.lla.core.progress.ProgressListener;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Progress on one rewritten stderr line, shown only when stderr is a terminal. */
final class StderrProgress implements ProgressListener {

    private final PrintWriter err;
    private final long started = System.nanoTime();
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
        double seconds = (System.nanoTime() - started) / 1e9;
        String line = String.format(Locale.ROOT, "%s %d/%d  [%.0fs]", task, done, total, seconds);
        int pad = Math.max(0, lastLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        lastLength = line.length();
        err.flush();
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
