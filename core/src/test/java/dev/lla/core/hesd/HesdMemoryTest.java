package dev.lla.core.hesd;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.hesd.HesdConfig.Reorthogonalization;
import dev.lla.core.memory.DeviceMemory;
import dev.lla.core.memory.MemoryPlan;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.ModelSize;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory plan of a hesd job, in exact bytes, for LeNet's P = 44,470 float32 parameters. */
class HesdMemoryTest {

    private static final long P = 44_470;
    /** One float32 parameter vector. */
    private static final long VECTOR = P * 4;
    private static final DeviceMemory CPU = new DeviceMemory("cpu()", true, 4, 256L << 20, 20_000_000_000L,
            "MemAvailable");
    /** Two batches of 16 samples of 1×8×8: 1,024 floats and 16 int64 labels each. */
    private static final List<Batch> BATCHES = List.of(batch(0), batch(1));
    private static final long BATCH_BYTES = 1024 * 4 + 16 * 8;

    private static HesdConfig config(int iterations, Reorthogonalization reorth, int window, int topK,
            int eigenIterations) {
        return new HesdConfig(10, iterations, reorth, window, topK, 100, 1e-3, 1e-4, eigenIterations,
                HessianScope.PER_BATCH, ModelMode.EVAL, 0, 10000, 0.01, 1e-5);
    }

    private static MemoryPlan plan(HesdConfig config, long graph) {
        return HesdMemory.plan(config, false, P, CPU, BATCHES, graph, -1);
    }

    @Test
    void defaultsPeakInTheExtremeEigenvalueSearchNotInSlq() {
        // SLQ holds 100 rows + 4 vectors; the search 200 rows + max(4, k + 3) = 5.
        MemoryPlan p = plan(config(100, Reorthogonalization.FULL, 0, 2, 200), 1_000_000);
        assertEquals(2 * VECTOR, p.bytesOf("model"));
        assertEquals(200 * VECTOR, p.bytesOf("basis"));
        assertEquals((5 + 2) * VECTOR, p.bytesOf("vectors"));
        assertEquals(4_000_000, p.bytesOf("graph"));
        assertEquals(2 * BATCH_BYTES, p.bytesOf("batches"));
        assertEquals(0, p.bytesOf("eigenvectors"));
        assertEquals((2 + 200 + 7) * VECTOR + 4_000_000 + 2 * BATCH_BYTES, p.totalBytes());
        assertTrue(p.summary().contains("basis extreme-eigenvalue search 200 × 44,470 floats = 35.6 MB"),
                p.summary());
    }

    @Test
    void fullBasisOfManyIterationsCountsEveryRow() {
        MemoryPlan p = plan(config(1000, Reorthogonalization.FULL, 0, 2, 200), -1);
        assertEquals(1000 * VECTOR, p.bytesOf("basis"));
        // The search runs in SLQ's block of 1000 rows, with its max(4, k + 3) = 5 vectors beside.
        assertEquals((5 + 2) * VECTOR, p.bytesOf("vectors"));
        assertEquals(0, p.bytesOf("graph")); // not measured yet
    }

    @Test
    void partialReorthogonalizationKeepsAsManyRowsAsFull() {
        assertEquals(plan(config(1000, Reorthogonalization.FULL, 0, 0, 1), 0).totalBytes(),
                plan(config(1000, Reorthogonalization.PARTIAL, 0, 0, 1), 0).totalBytes());
    }

    @Test
    void windowKeepsKRowsSoTheSearchPeaksAgain() {
        MemoryPlan slqOnly = plan(config(1000, Reorthogonalization.FULL, 20, 0, 1), 0);
        assertEquals(20 * VECTOR, slqOnly.bytesOf("basis"));
        MemoryPlan withSearch = plan(config(1000, Reorthogonalization.FULL, 20, 3, 50), 0);
        assertEquals(50 * VECTOR, withSearch.bytesOf("basis"));
        assertEquals((3 + 3 + 2) * VECTOR, withSearch.bytesOf("vectors"));
    }

    @Test
    void basisNeverOutgrowsTheSpace() {
        MemoryPlan p = HesdMemory.plan(config(100_000_000, Reorthogonalization.FULL, 0, 0, 1), false, 30, CPU,
                BATCHES, 0, -1);
        assertEquals(30 * 30 * 4, p.bytesOf("basis"));
    }

    @Test
    void scaleInvariantMeanAndEigenvectorsAddTheirVectors() {
        HesdConfig base = new HesdConfig(1, 10, Reorthogonalization.FULL, 0, 2, 0, 1e-3, 1e-4, 20,
                HessianScope.MEAN, ModelMode.EVAL, 0, 10000, 0.01, 1e-5, Curvature.HESSIAN, true);
        MemoryPlan p = HesdMemory.plan(base, true, P, CPU, BATCHES, 0, -1);
        assertEquals((5 + 2 + 2 + 1) * VECTOR, p.bytesOf("vectors"));
        assertEquals(2 * 3 * P * 4, p.bytesOf("eigenvectors"));
    }

    @Test
    void batchesBeyondTheCacheBudgetAreDroppedOldestFirst() {
        DeviceMemory small = new DeviceMemory("cpu()", true, 4, 0, -1, "MemAvailable");
        assertEquals(BATCH_BYTES, HesdMemory.heldBatches(BATCHES, small));
        DeviceMemory float64 = new DeviceMemory("cpu()", true, 8, 1 << 20, -1, "MemAvailable");
        assertEquals(2 * (1024 * 8 + 16 * 8), HesdMemory.heldBatches(BATCHES, float64));
    }

    @Test
    void refusalNamesTheFiguresAndTheWaysOut() {
        HesdConfig huge = config(100_000, Reorthogonalization.FULL, 0, 2, 200);
        DeviceMemory tight = new DeviceMemory("cpu()", true, 4, 256L << 20, 1_000_000_000L, "MemAvailable");
        MemoryPlan p = HesdMemory.plan(huge, false, 11_173_962, tight, BATCHES, -1, -1);
        assertFalse(p.fits());
        String line = p.refusal(HesdMemory.choices(huge, 11_173_962, p, true));
        assertTrue(line.startsWith("the run needs 4.5 TB (model 2 × 11,173,962 parameters = 89.4 MB, basis SLQ"
                + " 100,000 × 11,173,962 floats = 4.5 TB, "), line);
        assertTrue(line.endsWith("but 1.0 GB is available (MemAvailable); use --window K, fewer --iterations or"
                + " a smaller --batch-size"), line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void beforeTheEngineTheCountedPartsAreALowerBound() {
        HesdConfig huge = config(100_000, Reorthogonalization.FULL, 0, 2, 200);
        DeviceMemory tight = new DeviceMemory("cpu()", true, 4, 256L << 20, 1_000_000_000L, "MemAvailable");
        LlaException refused = assertThrows(LlaException.class,
                () -> HesdMemory.checkBeforeEngine(huge, false, true, -1, new ModelSize(11_173_962, tight)));
        assertEquals("the run needs at least 4.5 TB (model 2 × 11,173,962 parameters = 89.4 MB, basis SLQ 100,000 ×"
                + " 11,173,962 floats = 4.5 TB, vectors 7 work vectors = 313 MB; graph and batches not yet counted)"
                + " but 1.0 GB is available (MemAvailable); use --window K, fewer --iterations or a smaller"
                + " --batch-size", refused.getMessage());
        // --memory lowers what is available; a plan that fits goes on to the full check on the model
        assertThrows(LlaException.class, () -> HesdMemory.checkBeforeEngine(config(100, Reorthogonalization.FULL,
                0, 2, 200), false, true, 1_000_000, new ModelSize(P, CPU)));
        assertDoesNotThrow(() -> HesdMemory.checkBeforeEngine(config(100, Reorthogonalization.FULL, 0, 2, 200),
                true, true, -1, new ModelSize(P, CPU)));
    }

    @Test
    void searchThatDominatesAsksForFewerEigenIterations() {
        HesdConfig search = config(100, Reorthogonalization.FULL, 10, 2, 200);
        MemoryPlan p = plan(search, 0);
        assertEquals(List.of("fewer --eigen-iterations", "a smaller --batch-size"),
                HesdMemory.choices(search, P, p, true));
    }

    @Test
    void bigGraphPutsTheBatchSizeFirst() {
        HesdConfig criteria = config(100, Reorthogonalization.FULL, 0, 0, 1);
        MemoryPlan p = plan(criteria, 100 * VECTOR);
        assertEquals(List.of("a smaller --batch-size", "fewer --iterations"),
                HesdMemory.choices(criteria, P, p, false));
    }

    private static Batch batch(int index) {
        return new Batch(index, new float[16 * 64], new int[16], new int[] {1, 8, 8});
    }
}
