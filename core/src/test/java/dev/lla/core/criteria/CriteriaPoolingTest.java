package dev.lla.core.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.hesd.HesdResult.BatchSummary;
import dev.lla.core.hesd.HesdResult.SlqRun;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.journal.Journal;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pooling SLQ runs into criteria never fails on the (unused) density: runs of two batches whose
 * extremes differ put every node far from the averaged extremes, which a 2-point density grid
 * could not reach (the trained LeNet on the upsampled digits did this: "spectral density vanishes").
 */
class CriteriaPoolingTest {

    @Test
    void runsWithExtremesFarFromTheirAverageArePooled() {
        CriteriaConfig config = new CriteriaConfig(1, 3, List.of(0.5, 1.0), HessianScope.PER_BATCH, ModelMode.EVAL, 0);
        Dataset data = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8"), Split.TEST));
        BatchPlan plan = BatchPlan.sequential(data.size(), 8, 2);
        List<Batch> batches = List.of(data.batch(plan, 0), data.batch(plan, 1));
        double[] weights = {0.25, 0.5, 0.25};
        HesdPartial done = new HesdPartial("fp",
                List.of(new BatchSummary(0, 8, 1, 0.5), new BatchSummary(1, 8, 1, 0.5)),
                List.of(new SlqRun(0, 0, new double[] {-128, 0.1, 499}, weights, 3, false, 3),
                        new SlqRun(1, 0, new double[] {-139, 0.2, 439}, weights, 3, false, 3)),
                List.of(), List.of(), List.of());
        Journal<HesdPartial> journal = new Journal<>() {
            @Override
            public HesdPartial finished(String fingerprint) {
                return done;
            }

            @Override
            public void record(HesdPartial partial) {}
        };
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            CriteriaJob.Outcome outcome = new CriteriaJob(config, ProgressListener.NONE, journal, "fp").run(model, batches);
            CriterionStats re = outcome.result().criteria().re();
            assertEquals(128.0 / 499, re.values()[0], 1e-15);
            assertEquals(139.0 / 439, re.values()[1], 1e-15);
            assertEquals(0, outcome.cost().hvps(), "nothing recomputed");
        }
    }
}
