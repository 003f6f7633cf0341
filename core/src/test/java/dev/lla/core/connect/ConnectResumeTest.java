package dev.lla.core.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.journal.Journal;
import dev.lla.core.journal.KillableJournal;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.train.OptimizerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConnectJob} on two BatchNorm LeNets (train mode, as Garipov et al. fit and evaluate the
 * curve): a run killed after an epoch of fitting, and again in the middle of the evaluation,
 * resumes to the numbers and the middle model of an uninterrupted run.
 */
class ConnectResumeTest {

    private static final Path A = TestData.path("models/lenet-bn-init.pt");
    private static final Path B = TestData.path("models/lenet-bn-init-seed2.pt");
    private static final ConnectConfig CONFIG = new ConnectConfig(2, 256, 0.01, 5, ModelMode.TRAIN, 4);

    private static Dataset train;
    private static List<Batch> evaluation;

    @TempDir Path dir;

    @BeforeAll
    static void data() {
        train = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), Split.TRAIN));
        Dataset test = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), Split.TEST));
        BatchPlan plan = BatchPlan.covering(test.size(), 256);
        evaluation = new ArrayList<>();
        for (int b = 0; b < 2; b++) { // 512 of the test samples
            evaluation.add(test.batch(plan, b));
        }
    }

    /** The curve state in memory, trainer checkpoint included, as connect.state/ keeps it on disk. */
    private static final class SavedCurve implements CurveStore {
        CurveStore.Saved curve;
        byte[] trainer;

        @Override
        public void save(int epochs, float[] theta, OptimizerState adam, byte[] trainerCheckpoint) {
            curve = new CurveStore.Saved(epochs, theta.clone(), adam);
            trainer = trainerCheckpoint;
        }

        @Override
        public Optional<CurveStore.Saved> load() {
            return Optional.ofNullable(curve);
        }
    }

    private ConnectJob.Outcome run(Journal<ConnectPartial> journal, SavedCurve state) throws IOException {
        Path trainerFile = A;
        if (state.trainer != null) {
            trainerFile = Files.write(dir.resolve("trainer-" + state.curve.epochs() + ".pt"), state.trainer);
        }
        try (TrainableModel<?> trainer = Models.open(trainerFile, "cpu");
                TrainableModel<?> evaluator = Models.open(A, "cpu");
                TrainableModel<?> other = Models.open(B, "cpu")) {
            return new ConnectJob(CONFIG, ProgressListener.NONE, journal, "fp", state)
                    .run(trainer, evaluator, evaluator.weightsOnHost(), other.weightsOnHost(), train,
                            evaluation);
        }
    }

    @Test
    void aKilledRunResumesToTheNumbersOfAnUninterruptedOne() throws IOException {
        ConnectJob.Outcome whole = run(Journal.none(ConnectPartial::empty), new SavedCurve());

        KillableJournal<ConnectPartial> journal = KillableJournal.inMemory(ConnectPartial::empty);
        SavedCurve state = new SavedCurve();
        journal.killAfter(1); // killed once epoch 1 is journaled
        assertThrows(KillableJournal.Killed.class, () -> run(journal, state));
        assertEquals(1, journal.last().trainLoss().size());
        journal.killAfter(3); // epoch 2, then points t = 0 and 0.25: killed in the evaluation
        assertThrows(KillableJournal.Killed.class, () -> run(journal, state));
        assertEquals(2, journal.last().points().size());
        ConnectJob.Outcome resumed = run(journal.neverKill(), state);

        ConnectResult w = whole.result();
        ConnectResult r = resumed.result();
        assertEquals(w.trainLoss(), r.trainLoss());
        assertEquals(w.steps(), r.steps());
        assertArrayEquals(w.line().loss(), r.line().loss(), 0.0);
        assertArrayEquals(w.curve().loss(), r.curve().loss(), 0.0);
        assertArrayEquals(w.curve().accuracy(), r.curve().accuracy(), 0.0);
        // Two untrained inits: fitting θ pulls the curve's middle far below the line's.
        assertTrue(w.curve().loss()[2] < w.line().loss()[2] - 0.5, w.curve().loss()[2] + " vs " + w.line().loss()[2]);
        // The middle model, BatchNorm running statistics included, is the uninterrupted run's.
        try (TrainableModel<?> m1 = Models.open(Files.write(dir.resolve("m1.pt"), whole.middle()), "cpu");
                TrainableModel<?> m2 = Models.open(Files.write(dir.resolve("m2.pt"), resumed.middle()), "cpu")) {
            assertArrayEquals(m1.weightsOnHost(), m2.weightsOnHost(), 0f);
            Batch probe = evaluation.get(0);
            assertEquals(m1.evaluate(probe, ModelMode.EVAL).loss(), m2.evaluate(probe, ModelMode.EVAL).loss(), 0.0,
                    "eval mode uses the running statistics");
        }
    }

    @Test
    void aJournalWithoutItsCurveStateIsRefused() {
        KillableJournal<ConnectPartial> journal = KillableJournal.inMemory(ConnectPartial::empty);
        journal.record(new ConnectPartial("fp", List.of(0.5), 19, List.of()));
        RuntimeException e = assertThrows(RuntimeException.class, () -> run(journal, new SavedCurve()));
        assertTrue(e.getMessage().contains("saved state is missing"), e.getMessage());
    }

    @Test
    void theJournalIsReadOnceForTheTrainerChoiceAndTheRun() {
        int[] reads = {0};
        Journal<ConnectPartial> journal = new Journal<>() {
            @Override
            public ConnectPartial finished(String fingerprint) {
                reads[0]++;
                return new ConnectPartial(fingerprint, List.of(0.5), 19, List.of());
            }

            @Override
            public void record(ConnectPartial partial) {}
        };
        ConnectJob job = new ConnectJob(CONFIG, ProgressListener.NONE, journal, "fp", CurveStore.memory());
        assertTrue(job.resumesFit());
        // No curve state: the run stops right after reading the journal, before it needs a model.
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> job.run(null, null, new float[1], new float[1], null, null));
        assertTrue(e.getMessage().contains("saved state is missing"), e.getMessage());
        assertEquals(1, reads[0]);
    }
}
