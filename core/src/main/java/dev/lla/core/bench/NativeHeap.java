package dev.lla.core.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * Bytes that the C heap (glibc malloc, which libtorch's CPU allocator uses) has handed out and not
 * taken back, from {@code mallinfo2()}. Unlike resident memory, this does not move when the JVM
 * touches more of its own heap, so it shows a native leak directly.
 */
public final class NativeHeap {

    private static final LibC LIBC = load();

    private NativeHeap() {}

    /** In-use bytes: small-block allocations plus large mmapped blocks; -1 if not glibc. */
    public static long inUseBytes() {
        if (LIBC == null) {
            return -1;
        }
        MallInfo2 info = LIBC.mallinfo2();
        return info.uordblks + info.hblkhd;
    }

    private static LibC load() {
        try {
            LibC libc = Native.load("c", LibC.class);
            libc.mallinfo2();
            return libc;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null; // not glibc ≥ 2.33: the figure is reported as unknown
        }
    }

    /** glibc's {@code mallinfo2()}. */
    interface LibC extends Library {
        MallInfo2 mallinfo2();
    }

    /** {@code struct mallinfo2}: every field a {@code size_t}. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }
}
