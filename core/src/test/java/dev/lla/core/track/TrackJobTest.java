package dev.lla.core.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.generalize.Checkpoint;
import dev.lla.core.generalize.CheckpointSeries;
import dev.lla.core.journal.Journal;
import dev.lla.core.journal.KillableJournal;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.progress.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TrackJob} on the 8×8-digit MLP: a checkpoint against itself, init against trained, bad series. */
class TrackJobTest {

    private static final Path INIT = TestData.path("models/mlp8x8-init.pt");
    private static final Path TRAINED = TestData.path("models/mlp8x8-trained.pt");
    private static List<Batch> batches;

    @BeforeAll
    static void data() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        batches = List.of(digits.batch(BatchPlan.sequential(digits.size(), 128, 1), 0));
    }

    private static TrackResult track(List<Path> models) {
        TrackConfig config = new TrackConfig(3, 1e-4, 150, ModelMode.EVAL, 5);
        return new TrackJob(config, ProgressListener.NONE, Journal.none(TrackPartial::empty), "", VectorStore.memory())
                .run(CheckpointSeries.ofFiles(models), batches, f -> Models.open(f, "cpu"), e -> {});
    }

    @Test
    void aCheckpointOverlapsItselfFully() {
        TrackResult r = track(List.of(TRAINED, TRAINED));
        TrackResult.Comparison c = r.consecutive().get(0);
        assertEquals(1.0, c.overlap(), 1e-6);
        for (double cos : c.bestCosine()) {
            assertEquals(1.0, cos, 1e-6);
        }
        assertEquals(r.checkpoints().get(0).pairs(), r.checkpoints().get(1).pairs());
    }

    @Test
    void initAndTrainedDifferAndTheLastMatchesItself() {
        TrackResult r = track(List.of(INIT, TRAINED));
        double overlap = r.consecutive().get(0).overlap();
        assertTrue(overlap >= 0 && overlap < 0.9, "init vs trained overlap " + overlap);
        assertEquals(1.0, r.toLast().get(1).overlap(), 1e-6);
        assertTrue(r.checkpoints().get(1).pairs().get(0).value() > r.checkpoints().get(0).pairs().get(0).value());
        for (TrackResult.Entry e : r.checkpoints()) {
            assertEquals(3, e.pairs().size());
            double mass = e.pairs().get(0).tensors().stream().mapToDouble(t -> t.mass()).sum();
            assertEquals(1.0, mass, 1e-9);
        }
    }

    @Test
    void aResumedRunReusesFinishedCheckpointsAndGivesTheSameNumbers() {
        Journal<TrackPartial> journal = KillableJournal.inMemory(TrackPartial::empty);
        VectorStore store = VectorStore.memory();
        TrackConfig config = new TrackConfig(3, 1e-4, 150, ModelMode.EVAL, 5);
        List<Checkpoint> series = CheckpointSeries.ofFiles(List.of(INIT, TRAINED));
        TrackResult first = new TrackJob(config, ProgressListener.NONE, journal, "f", store)
                .run(series, batches, f -> Models.open(f, "cpu"), e -> {});
        int[] opened = {0};
        TrackResult again = new TrackJob(config, ProgressListener.NONE, journal, "f", store)
                .run(series, batches, f -> {
                    opened[0]++;
                    return Models.open(f, "cpu");
                }, e -> {});
        assertEquals(0, opened[0], "every checkpoint was journaled");
        assertEquals(first.checkpoints(), again.checkpoints());
        assertEquals(first.consecutive().get(0).overlap(), again.consecutive().get(0).overlap());
    }

    @Test
    void aSeriesOfOneIsAUsageError() {
        LlaException e = assertThrows(LlaException.class, () -> TrackJob.checkSeries(
                CheckpointSeries.ofFiles(List.of(TRAINED)), f -> Models.open(f, "cpu")));
        assertTrue(e.getMessage().contains("at least two"), e.getMessage());
    }

    @Test
    void checkpointsOfAnotherArchitectureAreRefused() {
        LlaException e = assertThrows(LlaException.class, () -> TrackJob.checkSeries(
                CheckpointSeries.ofFiles(List.of(TRAINED, TestData.path("models/lenet-bn-trained.pt"))),
                f -> Models.open(f, "cpu")));
        assertTrue(e.getMessage().contains("another architecture"), e.getMessage());
    }
}
