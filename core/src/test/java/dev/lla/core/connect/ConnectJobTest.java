package dev.lla.core.connect;

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
import dev.lla.core.progress.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectJob} on 8×8-digit MLPs: a model joined to itself has no barrier on either path;
 * two MLPs trained from different inits (scripts/make_connect_models.py) are joined by a fitted
 * Bezier curve whose barrier is below the straight line's.
 */
class ConnectJobTest {

    private static Dataset train;
    private static List<Batch> evaluation;

    @BeforeAll
    static void data() {
        train = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        Dataset test = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/test.npz"), Split.TEST));
        BatchPlan plan = BatchPlan.covering(test.size(), 256);
        evaluation = new ArrayList<>();
        for (int b = 0; b < plan.batches(); b++) {
            evaluation.add(test.batch(plan, b));
        }
    }

    static ConnectResult connect(Path a, Path b, ConnectConfig config) {
        try (TrainableModel<?> trainer = Models.open(a, "cpu");
                TrainableModel<?> evaluator = Models.open(a, "cpu");
                TrainableModel<?> other = Models.open(b, "cpu")) {
            float[] wa = trainer.weightsOnHost();
            float[] wb = other.weightsOnHost();
            return new ConnectJob(config, ProgressListener.NONE).run(trainer, evaluator, wa, wb, train, evaluation)
                    .result();
        }
    }


    @Test
    void aModelJoinedToItselfHasNoBarrier() {
        // Untrained (θ = (A+A)/2 = A): every point of both paths is A, up to float rounding. A
        // trained θ would move off A to lower the training loss, and on held-out data the curve
        // may then rise above A by about 1e-3 (seen with 1 epoch): that is fitting, not a barrier.
        Path m = TestData.path("models/mlp8x8-trained.pt");
        ConnectResult r = connect(m, m, new ConnectConfig(0, 64, 1e-3, 5, ModelMode.EVAL, 3));
        assertEquals(0.0, r.line().barrier(), 1e-6, "line");
        assertEquals(0.0, r.curve().barrier(), 1e-6, "curve");
        assertEquals(r.line().loss()[0], r.curve().loss()[0], 0.0);
    }

    @Test
    void aFittedCurveBetweenIndependentlyTrainedMlpsHasALowerBarrierThanTheLine() {
        ConnectConfig config = new ConnectConfig(5, 64, 0.01, 11, ModelMode.EVAL, 1);
        ConnectResult r = connect(TestData.path("models/mlp8x8-seed1.pt"), TestData.path("models/mlp8x8-seed2.pt"),
                config);
        assertTrue(r.line().barrier() > 0.1, "the straight line crosses a barrier: " + r.line().barrier());
        assertTrue(r.curve().barrier() < r.line().barrier() / 2,
                "curve " + r.curve().barrier() + " vs line " + r.line().barrier());
        // The endpoints are A and B on both paths.
        assertEquals(r.line().loss()[0], r.curve().loss()[0], 1e-6);
        assertEquals(r.line().loss()[10], r.curve().loss()[10], 1e-6);
    }

    @Test
    void theSameSeedGivesTheSameNumbers() {
        ConnectConfig config = new ConnectConfig(1, 128, 0.01, 3, ModelMode.EVAL, 9);
        Path a = TestData.path("models/mlp8x8-seed1.pt");
        Path b = TestData.path("models/mlp8x8-seed2.pt");
        ConnectResult first = connect(a, b, config);
        ConnectResult second = connect(a, b, config);
        assertArrayEquals(first.curve().loss(), second.curve().loss(), 0.0);
        assertEquals(first.trainLoss(), second.trainLoss());
    }
}
