package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertInputError;
import static dev.lla.core.data.fixtures.LlaAssertions.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** Four samples of 1×1×2; sample i holds {10i, 10i+1}. */
    private static Dataset small() {
        float[] x = {0, 1, 10, 11, 20, 21, 30, 31};
        return new Dataset(x, new int[] {1, 1, 2}, new int[] {3, 1, 4, 1}, "four",
                List.of(Path.of("data", "four.npz")));
    }

    @Test
    void basics() {
        Dataset d = small();
        assertEquals(4, d.size());
        assertEquals(2, d.sampleSize());
        assertEquals(4, d.maxLabel());
        assertArrayEquals(new float[] {20, 21}, d.sample(2));
        assertArrayEquals(new int[] {1, 1, 2}, d.sampleShape());
    }

    @Test
    void batchCopiesSamplesInIndexOrder() {
        Batch b = small().batch(7, new int[] {3, 0});
        assertEquals(7, b.index());
        assertEquals(2, b.size());
        assertArrayEquals(new float[] {30, 31, 0, 1}, b.pixels());
        assertArrayEquals(new int[] {1, 3}, b.labels());
        assertArrayEquals(new long[] {2, 1, 1, 2}, b.shape());
        assertEquals(b, small().batch(7, new int[] {3, 0}));
        assertEquals(b.hashCode(), small().batch(7, new int[] {3, 0}).hashCode());
        assertNotEquals(b, small().batch(6, new int[] {3, 0}));
    }

    @Test
    void batchFromPlan() {
        Dataset d = small();
        BatchPlan plan = BatchPlan.sequential(4, 2, 2);
        assertArrayEquals(new int[] {4, 1}, d.batch(plan, 1).labels());
        assertThrows(IllegalArgumentException.class,
                () -> d.batch(BatchPlan.sequential(5, 2, 2), 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.batch(0, new int[] {4}));
    }

    @Test
    void flatVectorBatchShape() {
        Dataset d = new Dataset(new float[6], new int[] {3}, new int[] {0, 1}, "flat", List.of());
        assertArrayEquals(new long[] {1, 3}, d.batch(0, new int[] {1}).shape());
    }

    @Test
    void validatesContents() {
        assertInputError(() -> new Dataset(new float[] {0, Float.NaN}, new int[] {1},
                new int[] {0, 0}, "d", List.of(Path.of("x.npz"))),
                "x.npz: sample 1 contains NaN; lla needs finite inputs");
        assertInputError(() -> new Dataset(new float[] {0, 0}, new int[] {1}, new int[] {0, -2},
                "d", List.of(Path.of("img"), Path.of("lab"))), "lab", "label -2 of sample 1");
        assertInputError(() -> new Dataset(new float[0], new int[] {1}, new int[0], "d",
                List.of(Path.of("x.npz"))), "x.npz", "empty");
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[3],
                new int[] {2}, new int[] {0, 0}, "d", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[0],
                new int[] {0}, new int[] {0}, "d", List.of()));
    }

    @Test
    void normalizationOverflowIsAUsageError() {
        Dataset d = new Dataset(new float[] {1}, new int[] {1}, new int[] {0}, "d",
                List.of(Path.of("x.npz")));
        assertUsageError(() -> d.normalized(new Normalization(0, 1e-300)), "overflows", "x.npz");
        assertEquals(4f, d.normalized(new Normalization(-1, 0.5)).sample(0)[0]);
    }

    @Test
    void batchRejectsInconsistentSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> new Batch(0, new float[3], new int[] {0, 0}, new int[] {2}));
    }
}
