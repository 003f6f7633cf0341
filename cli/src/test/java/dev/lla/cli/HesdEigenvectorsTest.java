package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.data.NpzReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla hesd --eigenvectors}: eigenvectors.npz by parameter name, and IPR and mass in hesd.json. */
class HesdEigenvectorsTest {

    @TempDir static Path temp;
    private static Path out;
    private static JsonNode vectors;

    @BeforeAll
    static void runHesd() throws Exception {
        out = temp.resolve("out");
        CliRun run = HesdArgs.tiny(out).with("--top-k", "2").with("--eigen-iterations", "60")
                .flag("--eigenvectors").flag("--quiet").run();
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode document = new ObjectMapper().readTree(Files.readString(out.resolve("hesd.json")));
        assertTrue(document.path("config").path("eigenvectors").asBoolean(), document.toString());
        vectors = document.path("results").path("eigenvectors");
    }

    @Test
    void archiveHoldsEveryVectorUnderItsParameterNames() {
        Path file = out.resolve("eigenvectors.npz");
        List<String> names = NpzReader.arrayNames(file);
        for (String key : List.of("top1", "top2", "min")) {
            for (String p : List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")) {
                assertTrue(names.contains(key + "/" + p), key + "/" + p + " in " + names);
            }
        }
        double[] values = NpzReader.read(file, "eigenvalues").toDoubleArray();
        assertEquals(3, values.length);
        for (int i = 0; i < 3; i++) {
            assertEquals(vectors.get(i).path("value").asDouble(), values[i], 0.0);
        }
    }

    @Test
    void jsonGivesEachVectorsIprAndMassPerTensor() {
        assertEquals(3, vectors.size());
        for (JsonNode v : vectors) {
            double ipr = v.path("ipr").asDouble();
            assertTrue(ipr >= 1.0 / 2410 && ipr <= 1, v.toString());
            double mass = 0;
            for (JsonNode t : v.path("tensors")) {
                mass += t.path("mass").asDouble();
            }
            assertEquals(1.0, mass, 1e-9, v.toString());
            assertEquals("fc1.weight", v.path("tensors").get(0).path("name").asText());
        }
        assertEquals("min", vectors.get(2).path("key").asText());
    }

    @Test
    void eigenvectorsWithTopKZeroIsAUsageError() {
        Path failed = temp.resolve("failed");
        CliRun run = HesdArgs.tiny(failed).with("--top-k", "0").flag("--eigenvectors").run();
        CliAssertions.assertCleanFailure(run, CliAssertions.USAGE_ERROR, failed, "--eigenvectors needs --top-k");
    }
}
