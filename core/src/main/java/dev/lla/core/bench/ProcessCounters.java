package dev.lla.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's minor page faults and CPU time in user and kernel mode, from Linux's
 * {@code /proc/self/stat}. A step that maps fresh memory shows up here as faults and kernel time
 * (the kernel zeroes every new page), which is how a P-sized allocation per step is seen.
 *
 * @param minorFaults faults served without I/O, i.e. fresh or reclaimed pages
 * @param userSeconds CPU time in user mode, all threads
 * @param kernelSeconds CPU time in the kernel, all threads
 */
public record ProcessCounters(long minorFaults, double userSeconds, double kernelSeconds) {

    /** Clock ticks per second of {@code /proc} times; 100 on every Linux that lla runs on. */
    private static final double TICKS = 100.0;

    /** The counters now; all -1 where {@code /proc/self/stat} cannot be read. */
    public static ProcessCounters now() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state): minflt is field 10, utime 14, stime 15.
            return new ProcessCounters(Long.parseLong(f[7]), Long.parseLong(f[11]) / TICKS,
                    Long.parseLong(f[12]) / TICKS);
        } catch (IOException | RuntimeException e) {
            return new ProcessCounters(-1, -1, -1);
        }
    }

    /** Whether the counters could be read. */
    public boolean known() {
        return minorFaults >= 0;
    }

    /** The counts from {@code earlier} to this reading. */
    public ProcessCounters since(ProcessCounters earlier) {
        if (!known() || !earlier.known()) {
            return new ProcessCounters(-1, -1, -1);
        }
        return new ProcessCounters(minorFaults - earlier.minorFaults, userSeconds - earlier.userSeconds,
                kernelSeconds - earlier.kernelSeconds);
    }

    /** Kernel time as a share of all CPU time (0 to 1); NaN when nothing ran or unknown. */
    public double kernelShare() {
        double total = userSeconds + kernelSeconds;
        return known() && total > 0 ? kernelSeconds / total : Double.NaN;
    }
}
