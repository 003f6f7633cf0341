package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm running statistics are the same after a train-mode analysis as before it. DJL exposes
 * no buffers, so the module's serialized form (every tensor, buffers included) is compared.
 */
class BatchNormRestoreTest {

    private static List<Batch> batches(int count) {
        Dataset mnist = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), Split.TRAIN));
        BatchPlan plan = BatchPlan.random(mnist.size(), 64, count, 3);
        return java.util.stream.IntStream.range(0, count).mapToObj(b -> mnist.batch(plan, b)).toList();
    }

    @Test
    void trainModeForwardChangesRunningStatisticsAndRestoreUndoesIt() throws IOException {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/lenet-bn-trained.pt"), Device.cpu())) {
            Map<String, byte[]> before = tensors(model.serialized());
            try (BatchHessian<FlatVector> ignored = model.hessian(batches(1).get(0), ModelMode.TRAIN)) {
                // the forward pass alone updates running_mean, running_var and num_batches_tracked
            }
            assertNotEquals(digest(before), digest(tensors(model.serialized())),
                    "a train-mode forward must change the buffers, else this test proves nothing");
            model.restoreBuffers();
            assertSameTensors(before, tensors(model.serialized()));
        }
    }

    @Test
    void trainModeHesdLeavesRunningStatisticsUnchanged() throws IOException {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/lenet-bn-trained.pt"), Device.cpu())) {
            Map<String, byte[]> before = tensors(model.serialized());
            HesdConfig config = new HesdConfig(1, 10, HesdConfig.Reorthogonalization.FULL, 0, 1, 5, 1e-3, 1e-3, 20, HessianScope.PER_BATCH,
                    ModelMode.TRAIN, 1, 100, 0.01, 1e-5);
            new HesdJob(config, ProgressListener.NONE).run(model, batches(2));
            assertSameTensors(before, tensors(model.serialized()));
        }
    }

    /** Tensor storages of a TorchScript archive ({@code <name>/data/<n>} entries) by name. */
    static Map<String, byte[]> tensors(byte[] archive) throws IOException {
        // libtorch writes stored entries with data descriptors, which only the central directory
        // (ZipFile, not ZipInputStream) reads.
        Map<String, byte[]> out = new TreeMap<>();
        Path file = Files.createTempFile("lla-module-", ".zip");
        try {
            Files.write(file, archive);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    if (e.getName().contains("/data/")) {
                        try (InputStream in = zip.getInputStream(e)) {
                            out.put(e.getName().substring(e.getName().indexOf("/data/")), in.readAllBytes());
                        }
                    }
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        assertFalse(out.isEmpty(), "no tensor storages found in the serialized module");
        return out;
    }

    static void assertSameTensors(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertArrayEquals(expected.keySet().toArray(), actual.keySet().toArray());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), "tensor storage " + name);
        }
    }

    private static String digest(Map<String, byte[]> tensors) {
        StringBuilder s = new StringBuilder();
        tensors.forEach((k, v) -> s.append(k).append(java.util.Arrays.hashCode(v)).append(';'));
        return s.toString();
    }
}
