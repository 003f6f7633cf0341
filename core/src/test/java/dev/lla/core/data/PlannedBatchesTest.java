package dev.lla.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Covering plans (every sample once, the last batch short) and batches streamed beyond a budget. */
class PlannedBatchesTest {

    private static Dataset sevenSamples() {
        float[] x = new float[14];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return new Dataset(x, new int[] {2}, new int[] {0, 1, 2, 3, 4, 5, 6}, "seven", List.of());
    }

    @Test
    void coveringPlanTakesEverySampleOnceInFileOrder() {
        BatchPlan plan = BatchPlan.covering(7, 3);
        assertEquals(3, plan.batches());
        assertEquals(7, plan.totalSamples());
        assertArrayEquals(new int[] {0, 1, 2}, plan.indices(0));
        assertArrayEquals(new int[] {6}, plan.indices(2));
        assertEquals(2, BatchPlan.covering(6, 3).batches());
        assertArrayEquals(new int[] {3, 4, 5}, BatchPlan.covering(6, 3).indices(1));
    }

    @Test
    void streamedBatchesEqualHeldOnesButAreBuiltOnEachAccess() {
        Dataset data = sevenSamples();
        BatchPlan plan = BatchPlan.covering(7, 3);
        List<Batch> held = PlannedBatches.of(data, plan, Long.MAX_VALUE);
        List<Batch> streamed = PlannedBatches.of(data, plan, 7 * 2 * 4 - 1);
        assertFalse(PlannedBatches.isStreamed(held));
        assertTrue(PlannedBatches.isStreamed(streamed));
        assertEquals(held, streamed);
        assertEquals(1, streamed.get(2).size());
        assertArrayEquals(new float[] {12, 13}, streamed.get(2).pixels());
        assertNotSame(streamed.get(0), streamed.get(0));
        assertTrue(held.get(0) == held.get(0));
    }
}
