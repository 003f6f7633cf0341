package dev.lla.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.journal.Journal;
import dev.lla.core.landscape.LandscapePartial;
import dev.lla.core.progress.ProgressListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeviceLanesTest {

    /** Every lane walks all pieces in order, as the jobs do, and keeps the ones it is given. */
    private static List<Integer> walk(PieceSelection pieces, int count, List<Integer> done) {
        List<Integer> mine = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            if (pieces.owns(k)) {
                mine.add(k);
                done.add(k);
                Thread.yield();
            }
        }
        return mine;
    }

    @Test
    void everyPieceOfTheShardGoesToExactlyOneLaneAndProgressCountsThemAll() {
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        List<Long> progress = Collections.synchronizedList(new ArrayList<>());
        GridShard shard = new GridShard(1, 2);
        List<DeviceLanes.Lane<List<Integer>>> lanes = DeviceLanes.run(List.of("cpu", "cpu", "cpu"), shard, 41,
                (task, finished, total) -> {
                    assertEquals("pieces on 3 devices", task);
                    assertEquals(20, total, "the shard's pieces");
                    progress.add(finished);
                }, (lane, pieces) -> walk(pieces, 41, done));
        List<Integer> sorted = new ArrayList<>(done);
        Collections.sort(sorted);
        List<Integer> expected = new ArrayList<>();
        for (int k = 1; k < 41; k += 2) {
            expected.add(k);
        }
        assertEquals(expected, sorted, "each odd piece once");
        assertEquals(20, lanes.stream().mapToInt(DeviceLanes.Lane::pieces).sum());
        assertEquals(20, lanes.stream().mapToInt(l -> l.value().size()).sum());
        assertEquals(20L, progress.get(progress.size() - 1), "all pieces finished");
    }

    @Test
    void aFailingLaneStopsTheQueueAndNamesItsDeviceInOneLine() {
        CountDownLatch failed = new CountDownLatch(1);
        AtomicReference<Integer> afterFailure = new AtomicReference<>(0);
        LlaException e = assertThrows(LlaException.class, () -> DeviceLanes.run(List.of("cpu", "cuda:1"),
                GridShard.ALL, 100, ProgressListener.NONE, (lane, pieces) -> {
                    if (lane == 1) {
                        pieces.owns(0);
                        failed.countDown();
                        throw new IllegalStateException("CUDA error: an illegal memory access\nmore detail");
                    }
                    pause(failed);
                    for (int k = 0; k < 100; k++) {
                        if (pieces.owns(k)) {
                            afterFailure.set(afterFailure.get() + 1);
                        }
                    }
                    return null;
                }));
        assertEquals("device cuda:1 (2 of 2) failed: CUDA error: an illegal memory access; the pieces"
                + " finished on every device are journaled, rerun with --resume", e.getMessage());
        assertEquals(LlaException.Kind.INPUT, e.kind());
        assertEquals(0, afterFailure.get(), "no piece handed out after the failure");
    }

    @Test
    void aFailureOfLlaKeepsItsExitCode() {
        LlaException e = assertThrows(LlaException.class, () -> DeviceLanes.run(List.of("cpu", "cpu"), GridShard.ALL,
                4, ProgressListener.NONE, (lane, pieces) -> {
                    throw LlaException.numerical("batch 0: the loss is NaN");
                }));
        assertEquals(LlaException.Kind.NUMERICAL, e.kind());
        assertTrue(e.getMessage().startsWith("device cpu ("), e.getMessage());
    }

    @Test
    void aSharedJournalSavesTheUnionOfItsLanesAndWhatWasSavedBefore() {
        List<LandscapePartial> file = new ArrayList<>();
        Journal<LandscapePartial> saved = new Journal<>() {
            @Override
            public LandscapePartial finished(String fingerprint) {
                return new LandscapePartial(fingerprint, List.of(row(0)));
            }

            @Override
            public void record(LandscapePartial partial) {
                file.add(partial);
            }
        };
        SharedJournal<LandscapePartial> shared = new SharedJournal<>(saved, LandscapePartial::union,
                LandscapePartial::fingerprint);
        assertEquals(1, shared.lane(0).finished("f").rows().size(), "a lane resumes from the saved rows");
        shared.lane(0).record(new LandscapePartial("f", List.of(row(0), row(2))));
        shared.lane(1).record(new LandscapePartial("f", List.of(row(1))));
        shared.lane(0).record(new LandscapePartial("f", List.of(row(0), row(2), row(4))));
        List<Integer> rows = file.get(file.size() - 1).rows().stream().map(LandscapePartial.Row::i).toList();
        assertEquals(List.of(0, 1, 2, 4), rows);
        assertEquals(List.of(0, 1, 2, 4), shared.whole().finished("f").rows().stream().map(LandscapePartial.Row::i)
                .toList());
    }

    /** Waits for the failing lane, and a little longer: it stops the queue just after it counts down. */
    private static void pause(CountDownLatch failed) {
        try {
            failed.await();
            Thread.sleep(300);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LandscapePartial.Row row(int i) {
        return new LandscapePartial.Row(i, new double[] {i}, new double[] {0});
    }
}
