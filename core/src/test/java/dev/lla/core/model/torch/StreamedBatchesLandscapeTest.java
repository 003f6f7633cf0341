package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.PlannedBatches;
import dev.lla.core.data.Split;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A whole split (last batch short), streamed batch by batch, gives the grid of the same batches held at once. */
class StreamedBatchesLandscapeTest {

    @Test
    void streamedWholeSplitEqualsHeldBatches() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/test.npz"), Split.TEST));
        BatchPlan plan = BatchPlan.covering(digits.size(), 128);
        List<Batch> held = PlannedBatches.of(digits, plan, Long.MAX_VALUE);
        List<Batch> streamed = PlannedBatches.of(digits, plan, 0);
        assertTrue(PlannedBatches.isStreamed(streamed));
        LandscapeConfig config = new LandscapeConfig(2, 2, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.FILTER,
                2, false, 1000, 1, ModelMode.EVAL);
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            LandscapeResult a = new LandscapeJob(config, ProgressListener.NONE).run(model, held);
            LandscapeResult b = new LandscapeJob(config, ProgressListener.NONE).run(model, streamed);
            assertEquals(digits.size(), a.samples());
            assertEquals(digits.size(), b.samples());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(a.loss()[i], b.loss()[i], 0);
                assertArrayEquals(a.accuracy()[i], b.accuracy()[i], 0);
            }
        }
    }
}
