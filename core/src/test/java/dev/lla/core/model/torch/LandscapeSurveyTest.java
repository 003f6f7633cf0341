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
import dev.lla.core.journal.Journal;
import dev.lla.core.journal.KillableJournal;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.HessianAxes;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.LandscapePartial;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.LandscapeSurvey;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.landscape.SurveyRegime;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each regime of the survey equals a landscape computed on its own in that regime. */
class LandscapeSurveyTest {

    @Test
    void everyRegimeEqualsItsOwnLandscape() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        List<Batch> batches = List.of(digits.batch(BatchPlan.sequential(digits.size(), 64, 1), 0));
        LandscapeConfig base = new LandscapeConfig(2, 2, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.NONE,
                2, false, 1000, 7, ModelMode.EVAL);
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            LandscapeSurvey survey = new LandscapeSurvey(base, HessianAxes.Pair.TOP2, ProgressListener.NONE,
                    regime -> Journal.none(LandscapePartial::empty), "f");
            List<LandscapeSurvey.Entry> entries = survey.run(model, batches);
            assertEquals(SurveyRegime.all(), entries.stream().map(LandscapeSurvey.Entry::regime).toList());
            for (LandscapeSurvey.Entry entry : entries) {
                LandscapeConfig config = survey.config(entry.regime());
                assertEquals(entry.regime().mode(), config.mode());
                LandscapeJob job = new LandscapeJob(config, ProgressListener.NONE);
                LandscapeResult alone = entry.regime().hessianAxes()
                        ? job.run(model, batches, w0 -> HessianAxes.of(model, batches.get(0), HessianAxes.Pair.TOP2, w0, config))
                        : job.run(model, batches);
                LandscapeResult r = entry.result();
                assertEquals(alone.originLoss(), r.originLoss(), 0, entry.regime().label());
                assertEquals(r.originLoss(), r.loss()[1][1], 0);
                // Random regimes normalize the same seeded draws: bit for bit. Hessian regimes reuse the
                // mode's eigenvectors (a second Gram-Schmidt pass on orthogonal vectors): to rounding.
                double tolerance = entry.regime().hessianAxes() ? 1e-5 : 0;
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(alone.loss()[i], r.loss()[i], tolerance * alone.loss()[i][1] + tolerance,
                            entry.regime().label() + " row " + i);
                }
                assertEquals(alone.norm1(), r.norm1(), 1e-6 * alone.norm1(), entry.regime().label());
            }
        }
    }

    /** Killed in the sixth regime and resumed from the per-regime journals: the same 16 landscapes. */
    @Test
    void resumedSurveyEqualsUninterruptedSurvey() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        List<Batch> batches = List.of(digits.batch(BatchPlan.sequential(digits.size(), 64, 1), 0));
        LandscapeConfig base = new LandscapeConfig(2, 4, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.NONE,
                2, false, 1000, 3, ModelMode.EVAL);
        // Killed once the sixth regime's second row is journaled (one record a row).
        SurveyRegime killedIn = SurveyRegime.all().get(5);
        Map<SurveyRegime, KillableJournal<LandscapePartial>> journals = new HashMap<>();
        journals.put(killedIn, KillableJournal.inMemory(LandscapePartial::empty).killAfter(2));
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            List<LandscapeSurvey.Entry> whole = new LandscapeSurvey(base, HessianAxes.Pair.TOP2, ProgressListener.NONE,
                    regime -> Journal.none(LandscapePartial::empty), "f").run(model, batches);
            LandscapeSurvey survey = new LandscapeSurvey(base, HessianAxes.Pair.TOP2, ProgressListener.NONE,
                    regime -> journals.computeIfAbsent(regime, r -> KillableJournal.inMemory(LandscapePartial::empty)),
                    "f");
            assertThrows(KillableJournal.Killed.class, () -> survey.run(model, batches));
            assertEquals(6, journals.values().stream().filter(j -> j.last() != null).count());
            assertEquals(2, journals.get(killedIn).last().rows().size());
            journals.get(killedIn).neverKill();
            List<LandscapeSurvey.Entry> resumed = survey.run(model, batches);
            for (int k = 0; k < whole.size(); k++) {
                for (int i = 0; i < 5; i++) {
                    assertArrayEquals(whole.get(k).result().loss()[i], resumed.get(k).result().loss()[i], 0,
                            whole.get(k).regime().label() + " row " + i);
                }
            }
        }
    }
}
