package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Parameter-space vectors keep their values however the Java heap and direct memory move. */
class FlatParameterSpaceTest {

    /** Small enough that malloc reuses freed blocks instead of unmapping them. */
    private static final int DIMENSION = 1000;

    /**
     * On the CPU, DJL's {@code create(float[])} wraps a Java direct buffer. A vector that kept
     * the tensor but not the buffer read freed memory once the GC collected it: garbage start
     * vectors, non-deterministic spectra, "start vector has norm Infinity".
     */
    @Test
    void rademacherVectorSurvivesGarbageCollection() throws InterruptedException {
        TorchRuntime.engine();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                AutogradHelper helper = AutogradHelper.load((PtNDManager) manager)) {
            FlatParameterSpace space = new FlatParameterSpace(manager, DIMENSION, DataType.FLOAT32, helper);
            FlatVector x = space.zeros();
            space.fillRademacher(x, new SplittableRandom(3));
            churnDirectMemory();
            assertArrayEquals(signs(new SplittableRandom(3)), x.data.toFloatArray());
        }
    }

    /** What fillRademacher draws from {@code random}. */
    private static float[] signs(SplittableRandom random) {
        float[] signs = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            signs[i] = random.nextBoolean() ? 1f : -1f;
        }
        return signs;
    }

    /** Lets the GC free unreachable direct buffers, then refills their memory with 0x7f bytes. */
    private static void churnDirectMemory() throws InterruptedException {
        List<ByteBuffer> held = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            System.gc();
            Thread.sleep(10);
            for (int i = 0; i < 20; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(DIMENSION * Float.BYTES);
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0x7f);
                }
                held.add(buffer);
            }
        }
    }
}
