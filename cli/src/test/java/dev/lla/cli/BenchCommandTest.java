package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lla bench} reports the Gauss-Newton and NME products beside the HVP, in bench.json and in
 * the table (timings are the machine's; only that they were measured is asserted).
 */
class BenchCommandTest {

    @TempDir Path temp;

    @Test
    void benchJsonHoldsTheGaussNewtonAndNmeProductsAndTheirRatiosToTheHvp() throws IOException {
        Path out = temp.resolve("bench");
        CliRun run = CliRun.of("bench", "--model", TestData.mlp().toString(), "--data", TestData.digitsTrain().toString(),
                "--batch-size", "32", "--repeats", "3", "--iterations", "5", "--memory-products", "0",
                "--landscape-steps", "0", "--out", out.toString(), "--quiet");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode results = new ObjectMapper().readTree(Files.readString(out.resolve("bench.json"))).get("results");
        JsonNode m = results.get("measurements");
        for (JsonNode value : new JsonNode[] {m.get("graphHvpMillis"), m.get("gaussNewtonMillis"), m.get("nmeMillis"),
                results.get("gaussNewtonOverHvp"), results.get("nmeOverHvp")}) {
            assertTrue(value != null && value.isNumber() && value.asDouble() > 0
                    && Double.isFinite(value.asDouble()), results.toString());
        }
        assertEquals(m.get("gaussNewtonMillis").asDouble() / m.get("graphHvpMillis").asDouble(),
                results.get("gaussNewtonOverHvp").asDouble(), 1e-12);
        assertTrue(run.out().contains("Gauss-Newton product (graphs)") && run.out().contains("NME product (graphs)"),
                run.out());
    }
}
