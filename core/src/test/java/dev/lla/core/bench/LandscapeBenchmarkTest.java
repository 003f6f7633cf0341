package dev.lla.core.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import org.junit.jupiter.api.Test;

/** The landscape timing measures a real grid and leaves the model as it found it (no timing asserted). */
class LandscapeBenchmarkTest {

    @Test
    void timesEveryPointOfTheGridAndRestoresTheWeights() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        Batch batch = digits.batch(BatchPlan.sequential(digits.size(), 64, 1), 0);
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            double before = model.evaluate(batch, ModelMode.EVAL).loss();
            LandscapeBenchmark.Result r = new LandscapeBenchmark(3, 4).run(model, batch, ModelMode.EVAL);
            assertEquals(25, r.points());
            assertTrue(r.forwardMillis() > 0 && r.pointMillis() > 0, r.toString());
            assertTrue(Double.isFinite(r.pointOverForward()), r.toString());
            // the floor times a write and then a forward, so it holds both
            assertTrue(r.writeThenForwardMillis() > r.weightWriteMillis(), r.toString());
            assertTrue(r.floorOverForward() > 0.5, r.toString());
            assertArrayEquals(new double[] {before}, new double[] {model.evaluate(batch, ModelMode.EVAL).loss()});
        }
    }
}
