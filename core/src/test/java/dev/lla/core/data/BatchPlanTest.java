package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    @Test
    void randomBatchesAreDisjointAndInRange() {
        BatchPlan plan = BatchPlan.random(1000, 64, 15, 42);
        Set<Integer> seen = new HashSet<>();
        for (int b = 0; b < plan.batches(); b++) {
            for (int i : plan.indices(b)) {
                assertTrue(i >= 0 && i < 1000);
                assertTrue(seen.add(i), "index " + i + " drawn twice");
            }
        }
        assertEquals(960, seen.size());
        assertEquals(960, plan.totalSamples());
    }

    @Test
    void sameSeedSameBatches() {
        BatchPlan a = BatchPlan.random(500, 32, 4, 7);
        BatchPlan b = BatchPlan.random(500, 32, 4, 7);
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(a.indices(k), b.indices(k));
        }
    }

    @Test
    void batchDoesNotDependOnHowManyAreRequested() {
        BatchPlan few = BatchPlan.random(500, 32, 2, 7);
        BatchPlan many = BatchPlan.random(500, 32, 15, 7);
        assertArrayEquals(few.indices(1), many.indices(1));
    }

    @Test
    void differentSeedsDiffer() {
        assertFalse(Arrays.equals(BatchPlan.random(500, 32, 1, 1).indices(0),
                BatchPlan.random(500, 32, 1, 2).indices(0)));
    }

    @Test
    void randomIsShuffled() {
        int[] first = BatchPlan.random(10000, 100, 1, 3).indices(0);
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(first, sorted));
        assertTrue(sorted[99] > 1000, "a shuffled batch spans the dataset");
    }

    @Test
    void sequentialTakesTheFirstSamplesInOrder() {
        BatchPlan plan = BatchPlan.sequential(10, 3, 3);
        assertArrayEquals(new int[] {0, 1, 2}, plan.indices(0));
        assertArrayEquals(new int[] {6, 7, 8}, plan.indices(2));
        assertThrows(IndexOutOfBoundsException.class, () -> plan.indices(3));
    }

    @Test
    void wholeDatasetIsAllowed() {
        assertEquals(6, BatchPlan.random(6, 2, 3, 0).totalSamples());
    }

    @Test
    void overRequestIsAUsageError() {
        assertUsageError(() -> BatchPlan.random(500, 128, 5, 0),
                "--batches 5 × --batch-size 128 = 640 samples, but the dataset holds only 500");
        assertUsageError(() -> BatchPlan.sequential(500, 128, 5), "640");
        // The product must not overflow into an acceptable number.
        assertUsageError(() -> BatchPlan.random(500, 1 << 16, 1 << 16, 0), "4294967296");
    }

    @Test
    void nonPositiveCountsAreUsageErrors() {
        assertUsageError(() -> BatchPlan.random(500, 0, 1, 0), "--batch-size", "got 0");
        assertUsageError(() -> BatchPlan.random(500, 1, -1, 0), "--batches", "got -1");
        assertUsageError(() -> BatchPlan.sequential(500, -3, 1), "--batch-size");
    }
}
