package dev.lla.core.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

class ArrayVectorSpaceTest {

    private final ArrayVectorSpace space = new ArrayVectorSpace(3);

    @Test
    void dotAxpyScaleCopyAndNorm() {
        double[] x = {1.0, 2.0, 2.0};
        double[] y = {3.0, -1.0, 0.5};
        assertEquals(2.0, space.dot(x, y), 0.0);
        assertEquals(3.0, space.norm(x), 0.0);
        space.axpy(2.0, x, y);
        assertArrayEquals(new double[] {5.0, 3.0, 4.5}, y, 0.0);
        space.scale(-0.5, y);
        assertArrayEquals(new double[] {-2.5, -1.5, -2.25}, y, 0.0);
        double[] z = space.zeros();
        space.copy(x, z);
        assertArrayEquals(x, z, 0.0);
        assertEquals(3, space.dimension());
        assertEquals(0x1p-53, space.unitRoundoff(), 0.0);
    }

    @Test
    void rademacherIsOneBooleanPerEntryInIndexOrder() {
        ArrayVectorSpace big = new ArrayVectorSpace(1000);
        double[] x = big.zeros();
        big.fillRademacher(x, new SplittableRandom(7));
        SplittableRandom reference = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) {
            assertEquals(reference.nextBoolean() ? 1.0 : -1.0, x[i], 0.0, "entry " + i);
        }
    }

    @Test
    void lengthMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> space.dot(new double[3], new double[4]));
        assertThrows(IllegalArgumentException.class, () -> new ArrayVectorSpace(0));
    }
}
