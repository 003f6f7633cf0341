package dev.lla.core.random;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from the command's {@code --seed}, one per purpose and
 * index (e.g. SLQ run r of batch b), so that adding or reordering work never changes the numbers
 * of the rest. Derivation uses only Java-specified arithmetic ({@link String#hashCode()} and
 * SplitMix64 mixing), so the same seed gives the same streams on every JVM and device.
 */
public final class Seeds {

    private Seeds() {}

    /** The stream for {@code purpose} at {@code indices} under {@code seed}. */
    public static SplittableRandom stream(long seed, String purpose, int... indices) {
        long state = mix(seed ^ 0x6A09E667F3BCC909L);
        state = mix(state ^ purpose.hashCode());
        for (int index : indices) {
            state = mix(state + 0x9E3779B97F4A7C15L * (index + 1L));
        }
        return new SplittableRandom(state);
    }

    /** SplitMix64's finalizer (Steele, Lea, Flood 2014): a bijective 64-bit mixer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
