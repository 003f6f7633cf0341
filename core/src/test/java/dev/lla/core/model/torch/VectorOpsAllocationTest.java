package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.ndarray.types.DataType;
import dev.lla.core.bench.ProcessCounters;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector operations of Lanczos steps and landscape points allocate no P-sized memory after
 * set-up (issue 14). At P = 12M floats (48 MB, above glibc's largest mmap threshold) a fresh
 * P-sized tensor is a fresh mapping, about 11,700 minor page faults; the operations here reuse
 * their buffers, so a hundred of them fault far less than one such tensor.
 */
class VectorOpsAllocationTest {

    private static final int P = 12_000_000;
    private static final long PAGES_PER_VECTOR = (long) P * Float.BYTES / 4096;

    @Test
    void axpyCopyScaleAndDotReuseTheirBuffers() {
        inSpace(space -> {
            FlatVector x = space.zeros();
            FlatVector y = space.zeros();
            FlatVector w = space.zeros();
            space.fillRademacher(x, new SplittableRandom(1));
            space.fillRademacher(y, new SplittableRandom(2));
            landscapePointOps(space, x, y, w); // touches every buffer once
            long faults = quietestFaults(() -> {
                for (int i = 0; i < 25; i++) {
                    landscapePointOps(space, x, y, w);
                }
            });
            assertTrue(faults < PAGES_PER_VECTOR / 2,
                    "100 vector operations made " + faults + " page faults; one fresh P-sized tensor makes "
                            + PAGES_PER_VECTOR);
            // w = x + 0.5 y − 0.5 y, elementwise exact for ±1 entries
            assertEquals(space.dot(x, x), space.dot(w, w), 0.0);
        });
    }

    @Test
    void startVectorsAreTheSeedsSignsAndMakeNoPSizedTensor() {
        inSpace(space -> {
            FlatVector x = space.zeros();
            space.fillRademacher(x, new SplittableRandom(5)); // makes the host staging
            long faults = quietestFaults(() -> {
                for (int i = 0; i < 4; i++) {
                    space.fillRademacher(x, new SplittableRandom(5));
                }
            });
            assertTrue(faults < PAGES_PER_VECTOR / 2,
                    "4 start vectors made " + faults + " page faults; one fresh P-sized tensor makes " + PAGES_PER_VECTOR);
            float[] drawn = x.data.toFloatArray();
            SplittableRandom random = new SplittableRandom(5);
            for (int i = 0; i < P; i++) {
                float expected = random.nextBoolean() ? 1f : -1f;
                if (drawn[i] != expected) {
                    assertEquals(expected, drawn[i], 0f, "entry " + i);
                }
            }
        });
    }

    @Test
    void releasedVectorsServeAgainAsZeros() {
        inSpace(space -> {
            FlatVector first = space.zeros();
            space.fillRademacher(first, new SplittableRandom(3));
            space.scale(Double.NaN, first); // what an exploding operator leaves behind
            space.release(first);
            long faults = quietestFaults(() -> {
                for (int i = 0; i < 5; i++) {
                    FlatVector a = space.zeros();
                    FlatVector b = space.zeros();
                    space.release(a);
                    space.release(b);
                }
            });
            assertTrue(faults < PAGES_PER_VECTOR / 2,
                    "10 vectors taken and released made " + faults + " page faults; one fresh P-sized tensor makes "
                            + PAGES_PER_VECTOR);
            FlatVector again = space.zeros();
            assertEquals(0.0, space.dot(again, again), 0.0, "a reused vector is all zeros, NaN before included");
            float[] values = again.data.toFloatArray();
            assertEquals(0f, values[0]);
            assertEquals(0f, values[P - 1]);
        });
    }

    @Test
    void doubleStartVectorsSpanSeveralStagingChunks() {
        TorchRuntime.engine();
        int dimension = 2 * (1 << 20) + 3; // two full chunks and three entries
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                AutogradHelper helper = AutogradHelper.load((PtNDManager) manager)) {
            FlatParameterSpace space = new FlatParameterSpace(manager, dimension, DataType.FLOAT64, helper);
            FlatVector x = space.zeros();
            space.fillRademacher(x, new SplittableRandom(9));
            double[] drawn = x.data.toDoubleArray();
            SplittableRandom random = new SplittableRandom(9);
            double[] expected = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                expected[i] = random.nextBoolean() ? 1.0 : -1.0;
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, drawn);
        }
    }

    /** Runs {@code test} on a float32 space of P parameters on the CPU (Linux only: it counts faults). */
    private static void inSpace(java.util.function.Consumer<FlatParameterSpace> test) {
        assumeTrue(ProcessCounters.now().known(), "needs Linux /proc/self/stat");
        TorchRuntime.engine();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                AutogradHelper helper = AutogradHelper.load((PtNDManager) manager)) {
            test.accept(new FlatParameterSpace(manager, P, DataType.FLOAT32, helper));
        }
    }

    /**
     * The fewest minor page faults of three rounds of {@code work}: process-wide counters also
     * see the JVM's own heap growing, so the quietest round is the work's own figure.
     */
    private static long quietestFaults(Runnable work) {
        System.gc();
        long faults = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            ProcessCounters before = ProcessCounters.now();
            work.run();
            faults = Math.min(faults, ProcessCounters.now().since(before).minorFaults());
        }
        return faults;
    }

    /** w ← x; w ← w + a·y; w ← w − a·y; w ← 1·w, as a grid point and a Lanczos step do. */
    private static void landscapePointOps(FlatParameterSpace space, FlatVector x, FlatVector y, FlatVector w) {
        space.copy(x, w);
        space.axpy(0.5, y, w);
        space.axpy(-0.5, y, w);
        space.scale(1.0, w);
    }
}
