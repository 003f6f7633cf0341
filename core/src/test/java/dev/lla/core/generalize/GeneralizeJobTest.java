package dev.lla.core.generalize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.TestData;
import dev.lla.core.criteria.CriteriaConfig;
import dev.lla.core.criteria.CriteriaJob;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.journal.Journal;
import dev.lla.core.journal.KillableJournal;
import dev.lla.core.model.Evaluation;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The generalization job on the 8×8 MLP's init and trained weights, with the digits' train split
 * as A and their test split as B: its numbers are those of independent evaluations and criteria
 * runs, and a resumed run repeats them exactly.
 */
class GeneralizeJobTest {

    private static final CriteriaConfig CONFIG =
            new CriteriaConfig(2, 10, List.of(0.5, 1.0), HessianScope.PER_BATCH, ModelMode.EVAL, 7);

    private static final List<Checkpoint> SERIES = CheckpointSeries.ofFiles(List.of(
            TestData.path("models/mlp8x8-init.pt"), TestData.path("models/mlp8x8-trained.pt")));

    private static SeriesDataset dataset(String name, Split split, long seed) {
        Dataset data = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8"), split));
        BatchPlan plan = BatchPlan.random(data.size(), 64, 2, seed);
        List<Batch> batches = List.of(data.batch(plan, 0), data.batch(plan, 1));
        List<int[]> all = List.of(IntStream.range(0, 100).toArray(), IntStream.range(100, data.size()).toArray());
        return new SeriesDataset(name, data, all, batches);
    }

    private static final List<SeriesDataset> DATASETS =
            List.of(dataset("train", Split.TRAIN, 1), dataset("test", Split.TEST, 2));

    private static TrainableModel<?> open(Path file) {
        return Models.open(file, "cpu");
    }

    private static List<Cell> run(Journal<GeneralizePartial> journal) {
        return new GeneralizeJob(CONFIG, ProgressListener.NONE, journal, "fp")
                .run(SERIES, DATASETS, GeneralizeJobTest::open, cell -> {});
    }

    @Test
    void cellsEqualIndependentEvaluationsAndCriteriaRuns() {
        List<Cell> cells = run(Journal.none(GeneralizePartial::empty));
        assertEquals(4, cells.size());
        Cell trainedOnTest = cells.get(3);
        assertEquals(1, trainedOnTest.checkpoint());
        assertEquals(1, trainedOnTest.dataset());
        SeriesDataset test = DATASETS.get(1);
        try (TrainableModel<?> model = open(SERIES.get(1).model())) {
            double lossSum = 0;
            long correct = 0;
            int size = 0;
            for (int[] indices : test.evaluation()) {
                Evaluation e = model.evaluate(test.dataset().batch(0, indices), ModelMode.EVAL);
                lossSum += e.loss() * e.size();
                correct += e.correct();
                size += e.size();
            }
            assertEquals(test.dataset().size(), size, "every test sample evaluated");
            assertEquals(size, trainedOnTest.evaluation().size());
            assertEquals(correct, trainedOnTest.evaluation().correct());
            assertEquals(lossSum / size, trainedOnTest.evaluation().loss(), 1e-12);
            assertTrue(trainedOnTest.evaluation().accuracy() > 0.8, "the trained MLP classifies digits");

            // the cell's criteria are lla criteria's on the same batches, seed and configuration
            CriteriaJob.Outcome direct = new CriteriaJob(CONFIG, ProgressListener.NONE,
                    Journal.none(HesdPartial::empty), "").run(model, test.hessianBatches());
            assertArrayEquals(direct.result().criteria().kh().get("0.5").values(),
                    trainedOnTest.criteria().criteria().kh().get("0.5").values(), 0);
            assertArrayEquals(direct.result().criteria().re().values(),
                    trainedOnTest.criteria().criteria().re().values(), 0);
        }
        assertTrue(cells.get(0).evaluation().accuracy() < 0.3, "the initial MLP guesses");
    }

    @Test
    void aKilledRunResumesWithIdenticalNumbers() {
        List<Cell> whole = run(Journal.none(GeneralizePartial::empty));
        KillableJournal<GeneralizePartial> journal = KillableJournal.inMemory(GeneralizePartial::empty)
                .killAfter(7); // partway through the second cell's SLQ runs
        assertThrows(KillableJournal.Killed.class, () -> run(journal));
        List<Cell> resumed = run(journal.neverKill());
        for (int i = 0; i < whole.size(); i++) {
            Cell a = whole.get(i);
            Cell b = resumed.get(i);
            assertEquals(a.evaluation(), b.evaluation());
            assertArrayEquals(a.criteria().criteria().kh().get("0.5").values(),
                    b.criteria().criteria().kh().get("0.5").values(), 0);
            assertArrayEquals(a.criteria().criteria().re().values(), b.criteria().criteria().re().values(), 0);
        }
        assertEquals(0, resumed.get(0).cost().hvps(), "the first cell was finished before the kill");
        assertTrue(resumed.get(3).cost().hvps() > 0);
    }

    @Test
    void deltasAndCorrelationsComeFromTheCells() {
        List<Cell> cells = run(Journal.none(GeneralizePartial::empty));
        SeriesComparison comparison = SeriesComparison.of(SERIES, cells, 1, "test");
        assertEquals(2, comparison.deltas().size());
        SeriesComparison.Delta trained = comparison.deltas().get(1);
        assertEquals(cells.get(3).evaluation().accuracy() - cells.get(2).evaluation().accuracy(),
                trained.accuracy(), 0);
        assertEquals(cells.get(3).criteria().criteria().kh().get("0.5").mean()
                - cells.get(2).criteria().criteria().kh().get("0.5").mean(), trained.kh05(), 0);
        // two checkpoints: a correlation is undefined, with the reason
        assertTrue(Double.isNaN(comparison.correlations().get("KH0.5").pearson().value()));
        assertTrue(comparison.correlations().get("KH0.5").spearman().undefined().contains("fewer than 3"));
        assertEquals(List.of("KH0.5", "KH1", "re"), new ArrayList<>(comparison.correlations().keySet()));
    }

    @Test
    void aDatasetThatDoesNotFitTheModelIsNamed() {
        Dataset mnist = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), Split.TEST));
        SeriesDataset wrong = new SeriesDataset("mnist", mnist, List.of(new int[] {0}), List.of());
        LlaException e = assertThrows(LlaException.class,
                () -> GeneralizeJob.checkFit(SERIES, List.of(DATASETS.get(0), wrong), GeneralizeJobTest::open));
        assertTrue(e.getMessage().startsWith("mlp8x8-init.pt on mnist: "), e.getMessage());
    }
}
