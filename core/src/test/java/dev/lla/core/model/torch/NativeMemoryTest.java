package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.lla.core.TestData;
import dev.lla.core.bench.NativeHeap;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.ModelMode;
import dev.lla.core.spectrum.Lanczos;
import dev.lla.core.spectrum.StochasticLanczosQuadrature;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hundreds of Hessian-vector products leave the C heap and the live-array count flat. */
class NativeMemoryTest {

    @Test
    void hundredsOfProductsKeepArraysAndNativeMemoryFlat() {
        assertTrue(NativeHeap.inUseBytes() > 0, "glibc's mallinfo2 is needed to see native memory");
        Dataset mnist = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), Split.TRAIN));
        Batch batch = mnist.batch(BatchPlan.sequential(mnist.size(), 64, 1), 0);
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/lenet-bn-trained.pt"), Device.cpu())) {
            FlatParameterSpace space = (FlatParameterSpace) (Object) model.parameterSpace();
            int arraysAtStart = model.liveArrays();
            for (ModelMode mode : ModelMode.values()) {
                try (BatchHessian<FlatVector> hessian = model.hessian(batch, mode)) {
                    FlatVector v = space.zeros();
                    FlatVector hv = space.zeros();
                    space.fillRademacher(v, new SplittableRandom(1));
                    hessian.apply(v, hv);
                    int arraysInLoop = model.liveArrays();
                    for (int i = 0; i < 50; i++) {
                        hessian.apply(v, hv);
                    }
                    long nativeWarm = NativeHeap.inUseBytes();
                    for (int i = 0; i < 300; i++) {
                        hessian.apply(v, hv);
                    }
                    assertEquals(arraysInLoop, model.liveArrays(), mode + ": arrays leak per product");
                    // The C heap, not RSS: RSS also moves as the JVM touches its own heap. One
                    // product's temporaries are ~0.2 MB; keeping them all would add ~60 MB, while
                    // the allocator's own fluctuation is under 10 MB.
                    long growth = NativeHeap.inUseBytes() - nativeWarm;
                    assertTrue(growth < 16L << 20, mode + ": native heap grew " + growth / 1024 + " KiB");
                    space.release(v);
                    space.release(hv);
                }
            }
            // SLQ runs allocate their basis and work vectors once and release them all.
            try (BatchHessian<FlatVector> hessian = model.hessian(batch, ModelMode.EVAL)) {
                new StochasticLanczosQuadrature<>(Lanczos.fullReorthogonalization(space, hessian), 30)
                        .runs(3, new SplittableRandom(2));
            }
            model.restoreBuffers();
            assertEquals(arraysAtStart, model.liveArrays(), "arrays left after closing the graphs");
        }
    }
}
