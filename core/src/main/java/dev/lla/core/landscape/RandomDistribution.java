package dev.lla.core.landscape;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Entry distributions of random directions: Gaussian (Li et al. 2018; the default) or uniform on
 * [0, 1) (LLA's choice). Draws use only {@link SplittableRandom#nextDouble()} and
 * {@link StrictMath}, so a seed gives the same direction on every JVM and device.
 */
public enum RandomDistribution {
    /** Standard normal entries (Box–Muller). */
    GAUSSIAN,
    /** Entries uniform on [0, 1). */
    UNIFORM;

    /** The name as written on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Successive entries drawn from {@code random}. */
    public DoubleSupplier entries(SplittableRandom random) {
        return this == UNIFORM ? random::nextDouble : new BoxMuller(random);
    }

    /** Box–Muller (1958): two uniforms give two independent standard normals. */
    private static final class BoxMuller implements DoubleSupplier {
        private final SplittableRandom random;
        private double spare;
        private boolean hasSpare;

        BoxMuller(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public double getAsDouble() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            // 1 − u is in (0, 1], so the logarithm is finite.
            double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
            double angle = 2 * StrictMath.PI * random.nextDouble();
            spare = radius * StrictMath.sin(angle);
            hasSpare = true;
            return radius * StrictMath.cos(angle);
        }
    }
}
