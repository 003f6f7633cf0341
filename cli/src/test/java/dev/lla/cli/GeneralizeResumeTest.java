package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.criteria.CriteriaConfig;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.NpzDatasetReader;
import dev.lla.core.generalize.Cell;
import dev.lla.core.generalize.Checkpoint;
import dev.lla.core.generalize.CheckpointSeries;
import dev.lla.core.generalize.GeneralizeJob;
import dev.lla.core.generalize.GeneralizePartial;
import dev.lla.core.generalize.SeriesDataset;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.journal.Journal;
import dev.lla.core.journal.KillableJournal;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.progress.ProgressListener;
import dev.lla.render.JsonJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generalization run killed partway leaves its journal as JSON; a run resumed from that file
 * gives exactly the numbers of an uninterrupted run (the journal round-trips every double).
 */
class GeneralizeResumeTest {

    @TempDir Path temp;

    private static final CriteriaConfig CONFIG =
            new CriteriaConfig(2, 8, List.of(0.5, 1.0), HessianScope.PER_BATCH, ModelMode.EVAL, 5);

    private static SeriesDataset dataset(String name, Path file) {
        Dataset data = NpzDatasetReader.read(file, "x", "y");
        BatchPlan plan = BatchPlan.random(data.size(), 32, 2, 9);
        return new SeriesDataset(name, data, List.of(IntStream.range(0, 50).toArray()),
                List.of(data.batch(plan, 0), data.batch(plan, 1)));
    }

    private static List<Cell> run(Journal<GeneralizePartial> journal) {
        List<Checkpoint> series = CheckpointSeries.ofFiles(List.of(dev.lla.core.TestData.path("models/mlp8x8-init.pt"),
                TestData.mlp()));
        List<SeriesDataset> datasets = List.of(dataset("train", TestData.digitsTrain()),
                dataset("test", TestData.digitsTest()));
        return new GeneralizeJob(CONFIG, ProgressListener.NONE, journal, "fp")
                .run(series, datasets, f -> Models.open(f, "cpu"), cell -> {});
    }

    @Test
    void resumedFromTheJournalFileWithIdenticalNumbers() {
        List<Cell> whole = run(Journal.none(GeneralizePartial::empty));
        Path file = temp.resolve("generalize.partial.json");
        // Killed once the ninth piece is in the file.
        KillableJournal<GeneralizePartial> dying = KillableJournal.around(journal(file, false)).killAfter(9);
        assertThrows(KillableJournal.Killed.class, () -> run(dying));
        assertTrue(Files.exists(file));
        List<Cell> resumed = run(journal(file, true));
        assertEquals(whole.size(), resumed.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).evaluation(), resumed.get(i).evaluation());
            assertArrayEquals(whole.get(i).criteria().criteria().kh().get("0.5").values(),
                    resumed.get(i).criteria().criteria().kh().get("0.5").values(), 0);
            assertArrayEquals(whole.get(i).criteria().criteria().kh().get("1").values(),
                    resumed.get(i).criteria().criteria().kh().get("1").values(), 0);
        }
        assertEquals(0, resumed.get(0).cost().hvps(), "finished before the kill: reused");
        assertTrue(resumed.get(3).cost().hvps() > 0, "not started before the kill: computed");
    }

    private static JsonJournal<GeneralizePartial> journal(Path file, boolean resume) {
        return new JsonJournal<>(file, resume, GeneralizePartial.class, GeneralizePartial::empty,
                GeneralizePartial::fingerprint);
    }
}
