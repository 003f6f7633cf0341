package dev.lla.core.memory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Host memory that this process can still allocate: Linux's {@code MemAvailable} (free memory plus
 * page cache the kernel can drop), capped by the cgroup's limit when the process runs in one with
 * a limit (a container), else the JVM's view of free physical memory.
 */
public final class AvailableMemory {

    private AvailableMemory() {}

    /** Bytes available, and from where; bytes -1 when nothing says. */
    public record Reading(long bytes, String source) {}

    /** Available host memory now. */
    public static Reading host() {
        long available = meminfoAvailable(read(Path.of("/proc/meminfo")));
        long cgroup = cgroupRoom(read(Path.of("/sys/fs/cgroup/memory.max")),
                read(Path.of("/sys/fs/cgroup/memory.current")));
        if (available >= 0 && cgroup >= 0 && cgroup < available) {
            return new Reading(cgroup, "cgroup memory.max");
        }
        if (available >= 0) {
            return new Reading(available, "MemAvailable");
        }
        return jvmView();
    }

    /** {@code MemAvailable} of {@code /proc/meminfo} in bytes, -1 if absent. */
    static long meminfoAvailable(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemAvailable:")) {
                return parseKib(line);
            }
        }
        return -1;
    }

    /** {@code memory.max − memory.current} of cgroup v2, -1 without a limit ("max") or a reading. */
    static long cgroupRoom(List<String> max, List<String> current) {
        if (max.isEmpty() || current.isEmpty() || max.get(0).trim().equals("max")) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(max.get(0).trim()) - Long.parseLong(current.get(0).trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseKib(String line) {
        try {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Reading jvmView() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return new Reading(os.getFreeMemorySize(), "free physical memory");
        }
        return new Reading(-1, "unknown");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return List.of(); // not Linux, or no cgroup v2: the next source decides
        }
    }
}
