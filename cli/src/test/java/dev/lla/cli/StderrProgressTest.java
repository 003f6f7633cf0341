package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line's rate and time left come from the task's own pace. */
class StderrProgressTest {

    @Test
    void theTimeLeftIsTheRemainingUnitsAtTheTasksRate() {
        // 40 of 1000 products in 20 s of this task: 2 per second, 960 left → 480 s.
        assertEquals("SLQ 40/1000  2.0/s  ETA 8m00s  [25s]", StderrProgress.line("SLQ", 40, 1000, 25.4, 20, 40));
        // A task resumed at 900: only the 50 units done since its start set the pace.
        assertEquals("grid 950/1000  25/s  ETA 2s  [9s]", StderrProgress.line("grid", 950, 1000, 9, 2, 50));
    }

    @Test
    void noRateOrEstimateBeforeTheFirstUnitAndNoEstimateAtTheEnd() {
        assertEquals("fit 0/10  [3s]", StderrProgress.line("fit", 0, 10, 3, 0, 0));
        assertEquals("fit 10/10  0.50/s  [20s]", StderrProgress.line("fit", 10, 10, 20, 20, 10));
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("59s", StderrProgress.duration(59.4));
        assertEquals("1m05s", StderrProgress.duration(65));
        assertEquals("2h05m", StderrProgress.duration(7500));
    }

    @Test
    void aLogGetsPlainLinesHalfAMinuteInAndThenOnceAMinute() {
        StringWriter log = new StringWriter();
        long[] now = {0};
        StderrProgress progress = new StderrProgress(new PrintWriter(log), false, () -> now[0]);
        for (int second = 0; second <= 150; second++) {
            now[0] = second * 1_000_000_000L;
            progress.update("SLQ", 2L * second, 1000); // two products a second
        }
        progress.finish();
        assertEquals(List.of("SLQ 60/1000  2.0/s  ETA 7m50s  [30s]", "SLQ 180/1000  2.0/s  ETA 6m50s  [90s]",
                "SLQ 300/1000  2.0/s  ETA 5m50s  [150s]"), log.toString().lines().toList());
    }

    @Test
    void theWholeJobsTimeLeftFollowsThePhaseLine() {
        assertEquals("  · all 250/1000, ETA 3m00s", StderrProgress.job(250, 1000, 60));
        assertEquals("  · all 0/1000", StderrProgress.job(0, 1000, 5));
        assertEquals("  · all 1000/1000", StderrProgress.job(1000, 1000, 240));
        StringWriter log = new StringWriter();
        long[] now = {0};
        StderrProgress progress = new StderrProgress(new PrintWriter(log), false, () -> now[0]);
        progress.overall(0, 600);
        now[0] = 30_000_000_000L;
        progress.overall(60, 600);
        progress.update("batch 0: SLQ", 60, 100);
        assertEquals("batch 0: SLQ 60/100  [30s]  · all 60/600, ETA 4m30s", log.toString().strip());
        // The next job of a command that runs several: its own pace from its own start.
        progress.overall(0, 300);
        now[0] = 100_000_000_000L;
        progress.overall(30, 300);
        progress.update("batch 0: SLQ", 30, 100);
        assertEquals("batch 0: SLQ 30/100  [100s]  · all 30/300, ETA 10m30s", log.toString().lines().toList().get(1));
    }
}
