package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --help} goes to stdout, exits 0 and documents the exit codes. */
class HelpTest {

    @Test
    void hesdHelpDocumentsExitCodes() {
        CliRun run = CliRun.of("hesd", "--help");
        assertEquals(0, run.exitCode(), run.transcript());
        assertEquals("", run.err());
        for (String documented :
                List.of("Exit codes:", "--model", "--data", "usage error", "numerical failure")) {
            assertTrue(run.out().contains(documented), "help lacks '" + documented + "'\n" + run.out());
        }
    }

    @Test
    void topLevelHelpListsHesd() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("hesd"), run.out());
    }
}
