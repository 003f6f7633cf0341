package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.journal.KillableJournal;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.LandscapePartial;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loss landscapes on the bundled models: centre, restoration, reproducibility. */
class LandscapeOnModelsTest {

    private static List<Batch> digits() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        BatchPlan plan = BatchPlan.sequential(digits.size(), 100, 2);
        return List.of(digits.batch(plan, 0), digits.batch(plan, 1));
    }

    private static LandscapeConfig config(int dims, ModelMode mode) {
        return new LandscapeConfig(dims, 4, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.FILTER, 2, true, 1000, 11, mode);
    }

    @Test
    void centreIsTheOriginBitForBitAndWeightsAreRestored() {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            List<Batch> batches = digits();
            double before = model.evaluate(batches.get(0), ModelMode.EVAL).loss();
            LandscapeResult r = new LandscapeJob(config(2, ModelMode.EVAL), ProgressListener.NONE).run(model, batches);
            assertEquals(5, r.x().length);
            assertEquals(5, r.y().length);
            assertEquals(r.originLoss(), r.loss()[2][2], 0);
            assertEquals(r.originAccuracy(), r.accuracy()[2][2], 0);
            assertEquals(200, r.samples());
            // The landscape rises away from a trained minimum along a normalized direction.
            assertEquals(true, r.loss()[0][2] > r.originLoss() && r.loss()[4][4] > r.originLoss());
            assertEquals(Double.doubleToLongBits(before), Double.doubleToLongBits(model.evaluate(batches.get(0), ModelMode.EVAL).loss()));

            LandscapeResult again = new LandscapeJob(config(2, ModelMode.EVAL), ProgressListener.NONE).run(model, batches);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(r.loss()[i], again.loss()[i], 0);
            }
        }
    }

    /** Killed after two rows and resumed from the journal: the grid equals an uninterrupted one. */
    @Test
    void resumedGridEqualsUninterruptedGrid() {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            List<Batch> batches = digits();
            LandscapeResult whole = new LandscapeJob(config(2, ModelMode.EVAL), ProgressListener.NONE).run(model, batches);
            // One record a row: killed once the second row is journaled.
            KillableJournal<LandscapePartial> journal = KillableJournal.inMemory(LandscapePartial::empty).killAfter(2);
            assertThrows(KillableJournal.Killed.class,
                    () -> new LandscapeJob(config(2, ModelMode.EVAL), ProgressListener.NONE, journal, "f")
                            .run(model, batches));
            assertEquals(2, journal.last().rows().size());
            LandscapeResult resumed = new LandscapeJob(config(2, ModelMode.EVAL), ProgressListener.NONE,
                    journal.neverKill(), "f").run(model, batches);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(whole.loss()[i], resumed.loss()[i], 0);
                assertArrayEquals(whole.accuracy()[i], resumed.accuracy()[i], 0);
            }
            assertEquals(whole.explosion(), resumed.explosion());
        }
    }

    @Test
    void oneDimensionalCurveHasOneColumn() {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            LandscapeResult r = new LandscapeJob(config(1, ModelMode.EVAL), ProgressListener.NONE).run(model, digits());
            assertArrayEquals(new double[] {0}, r.y(), 0);
            assertEquals(1, r.loss()[0].length);
            assertEquals(r.originLoss(), r.loss()[2][0], 0);
        }
    }

    @Test
    void trainModeLandscapeOfTheBatchNormLenetLeavesItUnchanged() throws java.io.IOException {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/lenet-bn-trained.pt"), Device.cpu())) {
            Dataset mnist = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), Split.TRAIN));
            List<Batch> batches = List.of(mnist.batch(BatchPlan.random(mnist.size(), 64, 1, 3), 0));
            java.util.Map<String, byte[]> before = BatchNormRestoreTest.tensors(model.serialized());
            double loss = model.evaluate(batches.get(0), ModelMode.EVAL).loss();
            LandscapeConfig c = new LandscapeConfig(1, 2, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.FILTER, 2, false, 1000, 1,
                    ModelMode.TRAIN);
            new LandscapeJob(c, ProgressListener.NONE).run(model, batches);
            assertEquals(Double.doubleToLongBits(loss), Double.doubleToLongBits(model.evaluate(batches.get(0), ModelMode.EVAL).loss()));
            BatchNormRestoreTest.assertSameTensors(before, BatchNormRestoreTest.tensors(model.serialized()));
        }
    }
}
