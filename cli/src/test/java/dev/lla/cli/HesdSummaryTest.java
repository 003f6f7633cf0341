package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code --json}, stdout is a short human summary; stderr gives the memory plan, says where
 * the files went and, as it is not a terminal here, shows no progress.
 */
class HesdSummaryTest {

    @TempDir Path temp;

    @Test
    void summaryOnStdoutAndTheMemoryPlanAndOneNoteOnStderr() {
        Path out = temp.resolve("out");
        CliRun run = HesdArgs.tiny(out).run();
        assertEquals(0, run.exitCode(), run.transcript());

        List<String> lines = run.out().lines().toList();
        assertFalse(run.out().isBlank(), run.transcript());
        assertFalse(run.out().stripLeading().startsWith("{"), "summary, not JSON\n" + run.transcript());
        assertTrue(lines.size() <= 20, "summary of " + lines.size() + " lines\n" + run.transcript());
        for (String label : List.of("model", "data", "loss", "top", "min", "SLQ", "cost")) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith(label)),
                    "no '" + label + "' line\n" + run.transcript());
        }

        assertFalse(run.err().contains("\r"), "progress on a non-terminal\n" + run.transcript());
        assertEquals(2, run.errLines().size(), run.transcript());
        assertTrue(run.errLines().get(0).startsWith("memory plan: "), run.transcript());
        assertEquals("wrote " + out.resolve("hesd.json") + " and " + out.resolve("hesd.png"),
                run.errLines().get(1), run.transcript());
        assertTrue(Files.isRegularFile(out.resolve("hesd.json")));
        assertTrue(Files.isRegularFile(out.resolve("hesd.png")));
    }
}
