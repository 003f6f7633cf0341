package dev.lla.core.hesd;

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
import dev.lla.core.journal.KillableJournal;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A run killed partway and resumed from its journal gives exactly the uninterrupted numbers. */
class HesdResumeTest {

    private static List<Batch> batches() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        BatchPlan plan = BatchPlan.random(digits.size(), 64, 2, 11);
        return IntStream.range(0, 2).mapToObj(b -> digits.batch(plan, b)).toList();
    }

    private static HesdConfig config(HessianScope scope) {
        return new HesdConfig(3, 20, HesdConfig.Reorthogonalization.FULL, 0, 2, 12, 1e-3, 1e-4, 60, scope,
                ModelMode.EVAL, 5, 500, 0.01, 1e-5);
    }

    @org.junit.jupiter.api.Test
    void slqProgressCountsHessianVectorProductsUpToRunsTimesIterations() {
        List<long[]> slq = new java.util.ArrayList<>();
        ProgressListener recording = (task, done, total) -> {
            if (task.contains("SLQ")) {
                slq.add(new long[] {done, total});
            }
        };
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            new HesdJob(config(HessianScope.PER_BATCH), recording).run(model, batches());
        }
        // 2 batches × (3 runs × 20 steps): each product reported, counts rising to 60 per batch.
        for (long[] u : slq) {
            org.junit.jupiter.api.Assertions.assertEquals(60, u[1]);
        }
        org.junit.jupiter.api.Assertions.assertEquals(1, slq.get(1)[0], "the first product");
        org.junit.jupiter.api.Assertions.assertEquals(60, slq.get(slq.size() - 1)[0]);
        org.junit.jupiter.api.Assertions.assertTrue(slq.size() >= 2 * 60, "one update per product: " + slq.size());
    }

    /**
     * The whole job's count: 2 batches × (3 × 20 SLQ + 63 search + 12 trace) = 270 planned at the
     * start; done counts the products made and rises to the total, which shrinks by what pieces
     * that end early leave unused; a resumed run plans only the pieces it still computes.
     */
    @Test
    void overallProgressCoversTheWholeJobAndLeavesOutResumedPieces() {
        List<long[]> whole = new java.util.ArrayList<>();
        List<long[]> resumed = new java.util.ArrayList<>();
        long[] made = new long[1];
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            KillableJournal<HesdPartial> recorder = KillableJournal.inMemory(HesdPartial::empty);
            made[0] = new HesdJob(config(HessianScope.PER_BATCH), overall(whole), recorder, "f").run(model, batches())
                    .cost().hvps();
            HesdPartial all = recorder.last();
            KillableJournal<HesdPartial> halfDone = KillableJournal.inMemory(HesdPartial::empty);
            halfDone.record(new HesdPartial("f", all.batches(), all.slq().subList(0, 3), all.eigen(), all.traces(),
                    all.traceParts()));
            new HesdJob(config(HessianScope.PER_BATCH), overall(resumed), halfDone, "f")
                    .run(model, batches());
        }
        assertEquals(270, whole.get(0)[1]);
        for (int i = 1; i < whole.size(); i++) {
            assertTrue(whole.get(i)[0] >= whole.get(i - 1)[0], "done never falls");
        }
        long[] last = whole.get(whole.size() - 1);
        assertEquals(last[1], last[0], "all of the final plan is done");
        assertEquals(made[0], last[0], "done counts the products made");
        assertTrue(last[0] < 270, "the search and the trace end early here, and give back their rest");
        // All searches and traces and 3 of the 6 SLQ runs were finished: 3 runs of 20 are left.
        assertArrayEquals(new long[] {60, 60}, resumed.get(resumed.size() - 1));
    }

    private static ProgressListener overall(List<long[]> into) {
        return new ProgressListener() {
            @Override
            public void update(String task, long done, long total) {}

            @Override
            public void overall(long done, long total) {
                into.add(new long[] {done, total});
            }
        };
    }

    /** The eigenvalue search and the trace report products too, never past their totals. */
    @org.junit.jupiter.api.Test
    void eigenvalueAndTraceProgressCountProductsWithinTheirBudgets() {
        java.util.Map<String, List<long[]>> updates = new java.util.LinkedHashMap<>();
        ProgressListener recording = (task, done, total) -> {
            if (!task.contains("SLQ")) {
                updates.computeIfAbsent(task.replaceAll("^batch \\d+ \\(\\d/\\d\\): ", ""), t -> new java.util.ArrayList<>())
                        .add(new long[] {done, total});
            }
        };
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            new HesdJob(config(HessianScope.PER_BATCH), recording).run(model, batches());
        }
        List<long[]> eigen = updates.get("extreme eigenvalues, products");
        List<long[]> trace = updates.get("trace, hutchinson, products");
        org.junit.jupiter.api.Assertions.assertNotNull(eigen, updates.keySet().toString());
        org.junit.jupiter.api.Assertions.assertNotNull(trace, updates.keySet().toString());
        // At most 60 Lanczos steps and 3 residual checks; at most 12 trace samples.
        for (long[] u : eigen) {
            org.junit.jupiter.api.Assertions.assertEquals(63, u[1]);
            org.junit.jupiter.api.Assertions.assertTrue(u[0] >= 0 && u[0] <= 63);
        }
        for (long[] u : trace) {
            org.junit.jupiter.api.Assertions.assertEquals(12, u[1]);
            org.junit.jupiter.api.Assertions.assertTrue(u[0] >= 0 && u[0] <= 12);
        }
        org.junit.jupiter.api.Assertions.assertEquals(1, eigen.get(1)[0], "the first product");
        org.junit.jupiter.api.Assertions.assertTrue(trace.size() >= 2 * 10, "one update per product: " + trace.size());
    }

    @ParameterizedTest
    @EnumSource(HessianScope.class)
    void resumedRunEqualsUninterruptedRun(HessianScope scope) {
        List<Batch> batches = batches();
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            HesdRun whole = new HesdJob(config(scope), ProgressListener.NONE).run(model, batches);
            // Killed after the batch summaries and the first pieces (searches, traces, SLQ runs) were recorded.
            KillableJournal<HesdPartial> journal = KillableJournal.inMemory(HesdPartial::empty).killAfter(4);
            assertThrows(KillableJournal.Killed.class,
                    () -> new HesdJob(config(scope), ProgressListener.NONE, journal, "f").run(model, batches));
            HesdPartial killed = journal.last();
            assertTrue(killed.pieces() >= 1,
                    "something was finished before the kill");
            HesdRun resumed = new HesdJob(config(scope), ProgressListener.NONE, journal.neverKill(), "f")
                    .run(model, batches);
            assertSameNumbers(whole.result(), resumed.result());
            assertTrue(resumed.cost().hvps() < whole.cost().hvps(), "resume recomputed finished pieces");
        }
    }

    /**
     * A Hutchinson trace that the tolerance ends inside a part: the one-device run stops there
     * (a short part in the journal, no part after it); resumed from its first parts, the run
     * computes the rest again to the same stop and the same estimate.
     */
    @Test
    void aTraceEndedInsideAPartResumesToTheSameEstimate() {
        HesdConfig config = new HesdConfig(1, 5, HesdConfig.Reorthogonalization.FULL, 0, 0, 40, TRACE_TOLERANCE, 1e-4,
                60, HessianScope.PER_BATCH, ModelMode.EVAL, 5, 500, 0.01, 1e-5);
        List<Batch> batches = batches();
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            KillableJournal<HesdPartial> recorder = KillableJournal.inMemory(HesdPartial::empty);
            HesdRun whole = new HesdJob(config, ProgressListener.NONE, recorder, "f").run(model, batches);
            HesdPartial all = recorder.last();
            int samples = whole.result().trace().samples();
            assertEquals(samples, all.traceParts().stream().mapToInt(p -> p.values().length).sum(),
                    "no sample past the stop");
            assertTrue(all.traceParts().stream().anyMatch(p -> p.values().length < 10),
                    "a part ended by the rule: " + samples + " samples");
            List<HesdPartial.TracePart> firstParts = all.traceParts().stream().filter(p -> p.part() == 0).toList();
            KillableJournal<HesdPartial> killed = KillableJournal.inMemory(HesdPartial::empty);
            killed.record(new HesdPartial("f", all.batches(), all.slq(), all.eigen(), all.traces(), firstParts));
            HesdRun resumed = new HesdJob(config, ProgressListener.NONE, killed, "f").run(model, batches);
            assertSameNumbers(whole.result(), resumed.result());
            assertEquals(samples, resumed.result().trace().samples());
            assertEquals(samples - 2 * 10, resumed.cost().hvps(), "only the trace samples after the first parts");
        }
    }

    /** Ends the trace of {@link #aTraceEndedInsideAPartResumesToTheSameEstimate} inside a part. */
    private static final double TRACE_TOLERANCE = 0.1;

    @Test
    void fullySavedRunNeedsNoProducts() {
        List<Batch> batches = batches();
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            KillableJournal<HesdPartial> journal = KillableJournal.inMemory(HesdPartial::empty);
            HesdRun whole = new HesdJob(config(HessianScope.PER_BATCH), ProgressListener.NONE, journal, "f")
                    .run(model, batches);
            HesdRun again = new HesdJob(config(HessianScope.PER_BATCH), ProgressListener.NONE, journal, "f")
                    .run(model, batches);
            assertSameNumbers(whole.result(), again.result());
            assertEquals(0, again.cost().hvps());
        }
    }

    private static void assertSameNumbers(HesdResult expected, HesdResult actual) {
        assertEquals(expected.batches(), actual.batches());
        assertEquals(expected.slq().size(), actual.slq().size());
        for (int i = 0; i < expected.slq().size(); i++) {
            assertEquals(expected.slq().get(i).batch(), actual.slq().get(i).batch());
            assertEquals(expected.slq().get(i).run(), actual.slq().get(i).run());
            assertArrayEquals(expected.slq().get(i).nodes(), actual.slq().get(i).nodes());
            assertArrayEquals(expected.slq().get(i).weights(), actual.slq().get(i).weights());
        }
        assertEquals(expected.eigen(), actual.eigen());
        assertArrayEquals(expected.topEigenvalues(), actual.topEigenvalues());
        assertEquals(expected.minEigenvalue(), actual.minEigenvalue());
        assertEquals(expected.trace().mean(), actual.trace().mean());
        assertEquals(expected.trace().stderr(), actual.trace().stderr());
        assertArrayEquals(expected.density().values(), actual.density().values());
    }
}
