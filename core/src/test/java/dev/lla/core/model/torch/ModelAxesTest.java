package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.lla.core.LlaException;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.Grid;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.ModelAxes;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Interpolation axes towards other checkpoints: the grid starts exactly at the model, reaches each
 * checkpoint's own loss at its unit point, matches a float64 reference, and refuses checkpoints of
 * another network.
 */
class ModelAxesTest {

    private static Path model(String name) {
        return TestData.path("models/" + name);
    }

    private static LandscapeResult run(TorchScriptModel model, List<Path> to, LandscapeConfig config, List<Batch> batches) {
        return new LandscapeJob(config, ProgressListener.NONE).run(model, batches,
                w0 -> ModelAxes.of(model, to, "cpu", w0, config), Grid.of(Grid.Coordinates.FROM_ORIGIN, config));
    }

    @Test
    void lineFromTheInitialMlpReachesTheTrainedOne() {
        LandscapeConfig config = AxesFixtures.config(1, 2, DirectionNormalization.NONE);
        List<Batch> batches = AxesFixtures.batch();
        try (TorchScriptModel init = TorchScriptModel.load(model("mlp8x8-init.pt"), Device.cpu());
                TorchScriptModel trained = TorchScriptModel.load(model("mlp8x8-trained.pt"), Device.cpu())) {
            LandscapeResult r = run(init, List.of(model("mlp8x8-trained.pt")), config, batches);
            assertArrayEquals(new double[] {0, 0.5, 1}, r.x(), 0);
            // α = 0 is w0 + 0·d: exactly the model.
            assertEquals(r.originLoss(), r.loss()[0][0], 0);
            assertEquals(r.originAccuracy(), r.accuracy()[0][0], 0);
            double own = trained.evaluate(batches.get(0), ModelMode.EVAL).loss();
            assertEquals(own, r.loss()[2][0], 1e-5 * own);
            assertEquals(trained.evaluate(batches.get(0), ModelMode.EVAL).correct() / 256.0, r.accuracy()[2][0], 0);
        }
    }

    @Test
    void planeTowardsTwoCheckpointsMatchesFloat64Reference() {
        LandscapeConfig config = AxesFixtures.config(2, 2, DirectionNormalization.NONE);
        List<Path> to = List.of(model("mlp8x8-trained.pt"), TestData.path("golden/mlp8x8-adam5.pt"));
        try (TorchScriptModel init = TorchScriptModel.load(model("mlp8x8-init.pt"), Device.cpu())) {
            LandscapeResult r = run(init, to, config, AxesFixtures.batch());
            var golden = AxesFixtures.golden().get("models");
            AxesFixtures.assertGrid(golden.get("grid"), r.loss(), 1e-5, "models");
            assertEquals(golden.get("ownLoss").get(1).asDouble(), r.loss()[0][2], 1e-5);
            assertEquals(r.originLoss(), r.loss()[0][0], 0);
        }
    }

    /**
     * BatchNorm LeNet in train mode (batch statistics, so the running statistics, which are not
     * parameters and stay the model's, play no part): α = 1 gives the trained LeNet's own loss.
     */
    @Test
    void batchNormLenetReachesTheTrainedCheckpointInTrainMode() {
        Dataset mnist = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), Split.TRAIN));
        List<Batch> batches = List.of(mnist.batch(BatchPlan.random(mnist.size(), 64, 1, 3), 0));
        LandscapeConfig config = new LandscapeConfig(1, 2, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.NONE, 2,
                false, 1000, 0, ModelMode.TRAIN);
        try (TorchScriptModel init = TorchScriptModel.load(model("lenet-bn-init.pt"), Device.cpu());
                TorchScriptModel trained = TorchScriptModel.load(model("lenet-bn-trained.pt"), Device.cpu())) {
            LandscapeResult r = run(init, List.of(model("lenet-bn-trained.pt")), config, batches);
            double own = trained.evaluate(batches.get(0), ModelMode.TRAIN).loss();
            assertEquals(own, r.loss()[2][0], 1e-4 * own + 1e-6);
            assertEquals(r.originLoss(), r.loss()[0][0], 0);
            assertTrue(r.loss()[2][0] < 0.1 && r.originLoss() > 2, r.loss()[2][0] + " " + r.originLoss());
        }
    }

    @Test
    void checkpointOfAnotherNetworkIsAOneLineInputError() {
        LandscapeConfig config = AxesFixtures.config(1, 2, DirectionNormalization.NONE);
        try (TorchScriptModel init = TorchScriptModel.load(model("mlp8x8-init.pt"), Device.cpu())) {
            LlaException e = assertThrows(LlaException.class,
                    () -> run(init, List.of(model("lenet-bn-trained.pt")), config, AxesFixtures.batch()));
            assertEquals(LlaException.Kind.INPUT, e.kind());
            assertTrue(e.getMessage().contains("'conv1.weight'") && e.getMessage().contains("'fc1.weight'"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            LlaException count = assertThrows(LlaException.class,
                    () -> run(init, List.of(model("mlp8x8-trained.pt"), model("mlp8x8-trained.pt")), config,
                            AxesFixtures.batch()));
            assertEquals(LlaException.Kind.USAGE, count.kind());
        }
    }
}
