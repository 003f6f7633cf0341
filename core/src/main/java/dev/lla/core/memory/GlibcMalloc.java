package dev.lla.core.memory;

import java.util.Map;

/**
 * Whether glibc's malloc reuses large blocks in this process, as the {@code lla} launcher sets it
 * up (see there and docs/benchmarks.md), so that benchmarks and cost records say which allocator
 * behaviour their figures come from.
 *
 * <p>Why it matters: glibc serves every block above its mmap threshold (at most 32 MiB) with a
 * fresh {@code mmap} and unmaps it on free. An HVP on ResNet18 or on a batch of 2048 allocates
 * many such blocks per product inside libtorch's backward pass, so each product paid for millions
 * of minor page faults and the kernel's zeroing of the pages. The settings must be in the
 * environment before the JVM starts: set later with {@code mallopt}, they miss the arenas that
 * the JVM's and libtorch's threads already hold (measured: 5.6 of 6.7 million faults remained).
 */
public final class GlibcMalloc {

    private GlibcMalloc() {}

    /** {@code "reuse"} when the launcher's settings are in force, else {@code "system"}. */
    public static String mode() {
        return mode(System.getenv());
    }

    static String mode(Map<String, String> env) {
        boolean oneArena = "1".equals(env.get("MALLOC_ARENA_MAX"));
        boolean noMmap = "0".equals(env.get("MALLOC_MMAP_MAX_"));
        return oneArena && noMmap ? "reuse" : "system";
    }

    /** One line for stderr when large products will run with the page-fault storm, else null. */
    public static String warningFor(long largestBlockBytes) {
        if (mode().equals("reuse") || largestBlockBytes < 32L << 20) {
            return null;
        }
        return "warning: glibc malloc re-maps every block over 32 MiB (this run's reach "
                + (largestBlockBytes >> 20) + " MiB); start lla through its launcher, or set "
                + "MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0, to avoid page faults on every product";
    }
}
