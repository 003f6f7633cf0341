package dev.lla.core.landscape;

import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.VectorSpace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest that identifies a pair of landscape directions without copying them to the host:
 * it hashes the float64 bits of every filter's L1 and L2 norm of each direction, the product
 * {@code d1·d2}, and each direction's products with four seeded Rademacher probes (which see signs
 * and the order of entries that norms do not). Shards of one grid must have been computed along the
 * same directions; equal digests say they were, to the last bit on the same kind of machine.
 */
public final class DirectionDigest {

    private static final int PROBES = 4;

    private DirectionDigest() {}

    /** The digest of {@code pair} (hex). */
    public static <V> String of(VectorSpace<V> space, TensorwiseOps<V> ops, Directions<V> pair) {
        StringBuilder text = new StringBuilder();
        V probe = space.zeros();
        try {
            for (V d : pair.d2() == null ? java.util.List.of(pair.d1()) : java.util.List.of(pair.d1(), pair.d2())) {
                for (int p = 1; p <= 2; p++) {
                    for (double[] tensor : ops.filterNorms(d, p)) {
                        for (double norm : tensor) {
                            text.append(Double.doubleToLongBits(norm)).append(',');
                        }
                    }
                }
                var random = Seeds.stream(0, "landscape-direction-digest");
                for (int k = 0; k < PROBES; k++) {
                    space.fillRademacher(probe, random);
                    text.append(Double.doubleToLongBits(space.dot(d, probe))).append(';');
                }
            }
            if (pair.d2() != null) {
                text.append(Double.doubleToLongBits(space.dot(pair.d1(), pair.d2())));
            }
        } finally {
            space.release(probe);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
