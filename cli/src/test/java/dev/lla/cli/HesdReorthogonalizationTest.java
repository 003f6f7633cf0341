package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla hesd --reorth partial}: recorded in the config, same spectrum as full. */
class HesdReorthogonalizationTest {

    private static final int ITERATIONS = 30;

    @TempDir Path temp;

    @Test
    void partialIsRecordedAndGivesTheExtremeNodesOfFull() throws Exception {
        JsonNode full = hesd("full");
        JsonNode partial = hesd("partial");
        assertEquals("full", full.path("config").path("reorthogonalization").asText());
        assertEquals("partial", partial.path("config").path("reorthogonalization").asText());
        JsonNode fullRun = full.path("results").path("slq").get(0);
        JsonNode partialRun = partial.path("results").path("slq").get(0);
        int projected = partialRun.path("reorthogonalizations").asInt(-1);
        assertTrue(projected >= 0 && projected <= ITERATIONS, partialRun.toString());
        JsonNode fullNodes = fullRun.path("nodes");
        JsonNode partialNodes = partialRun.path("nodes");
        assertEquals(fullNodes.size(), partialNodes.size());
        // float32 Hessian-vector products: the extreme nodes agree to float32 working precision.
        for (int k : new int[] {0, fullNodes.size() - 1}) {
            double expected = fullNodes.get(k).asDouble();
            assertEquals(expected, partialNodes.get(k).asDouble(), 1e-4 * Math.abs(expected), "node " + k);
        }
    }

    private JsonNode hesd(String reorthogonalization) throws Exception {
        CliRun run = HesdArgs.tiny(temp.resolve(reorthogonalization))
                .with("--iterations", String.valueOf(ITERATIONS))
                .with("--reorth", reorthogonalization)
                .flag("--json")
                .flag("--quiet")
                .run();
        assertEquals(0, run.exitCode(), run.transcript());
        return new ObjectMapper().readTree(run.out());
    }
}
