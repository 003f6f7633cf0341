package dev.lla.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident set size, from Linux's {@code /proc/self/status} (-1 elsewhere). It
 * includes the Java heap, whose pages the JVM touches lazily between collections, so RSS can rise
 * while native memory is flat: {@link NativeHeap} is the figure for libtorch's memory.
 */
public final class ResidentMemory {

    private ResidentMemory() {}

    /** Resident set size in KiB; -1 where unknown. */
    public static long kib() {
        return status("VmRSS:");
    }

    /** The largest resident set size of the process so far ("high water mark") in KiB; -1 where unknown. */
    public static long peakKib() {
        return status("VmHWM:");
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
