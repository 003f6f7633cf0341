package dev.lla.core.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The branch-free signs are the branching loop's, draw by draw, so no seed's results move. */
class RademacherSignsTest {

    private static final int DRAWS = 200_000;

    @Test
    void floatsAreNextBooleanSigns() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            SplittableRandom branching = new SplittableRandom(seed);
            SplittableRandom branchFree = new SplittableRandom(seed);
            for (int i = 0; i < DRAWS; i++) {
                float expected = branching.nextBoolean() ? 1f : -1f;
                float drawn = RademacherSigns.nextFloat(branchFree);
                if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(drawn)) {
                    assertEquals(expected, drawn, "seed " + seed + ", draw " + i);
                }
            }
        }
    }

    @Test
    void doublesAndArraysAreNextBooleanSigns() {
        SplittableRandom branching = new SplittableRandom(3);
        double[] expected = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            expected[i] = branching.nextBoolean() ? 1.0 : -1.0;
        }
        double[] drawn = new double[DRAWS];
        RademacherSigns.fill(drawn, new SplittableRandom(3));
        assertArrayEquals(expected, drawn);
        assertEquals(DRAWS / 2.0, countPositive(drawn), 5 * Math.sqrt(DRAWS / 4.0), "about half are +1");
    }

    @Test
    void bufferFillWritesFromIndexZeroWhateverThePosition() {
        FloatBuffer out = ByteBuffer.allocateDirect(16 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        out.position(5);
        RademacherSigns.fill(out, 10, new SplittableRandom(11));
        SplittableRandom branching = new SplittableRandom(11);
        for (int i = 0; i < 10; i++) {
            assertEquals(branching.nextBoolean() ? 1f : -1f, out.get(i), "entry " + i);
        }
        assertEquals(0f, out.get(10), "nothing past n");
    }

    private static int countPositive(double[] values) {
        int positive = 0;
        for (double v : values) {
            positive += v > 0 ? 1 : 0;
        }
        return positive;
    }
}
