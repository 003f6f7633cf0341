package dev.lla.cli;

import static dev.lla.cli.CliAssertions.USAGE_ERROR;
import static dev.lla.cli.CliAssertions.assertCleanFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code lla criteria}: its JSON contract, the comparison table and its usage errors. */
class CriteriaCommandTest {

    @TempDir Path temp;

    private CliRun criteria(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("criteria",
                "--model", TestData.mlp().toString(), "--data", TestData.digitsTrain().toString(),
                "--batch-size", "32", "--nhes", "2", "--iterations", "8",
                "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void jsonHoldsEveryCriterionWithItsStatistics() throws IOException {
        Path out = temp.resolve("out");
        CliRun run = criteria(out, "--json", "--batches", "2");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode results = new ObjectMapper().readTree(run.out()).path("results");
        for (JsonNode stats : List.of(results.path("re"), results.path("kh").path("0.5"),
                results.path("kh").path("1"), results.path("ct"))) {
            for (String field : List.of("mean", "std", "min", "max", "values", "undefined")) {
                assertTrue(stats.has(field), field + " in " + stats);
            }
            assertEquals(4, stats.path("values").size(), "2 batches × 2 runs");
        }
        assertTrue(results.path("spectrumType").isTextual());
        assertTrue(Files.exists(out.resolve("criteria.json")));
        assertTrue(Files.exists(out.resolve("criteria.png")));
        assertTrue(Files.notExists(out.resolve("criteria.partial.json")), "journal removed after success");
    }

    @Test
    void comparisonOfInitAndTrainedPrintsTheTable() {
        CliRun run = criteria(temp.resolve("out"), "--compare-model",
                dev.lla.core.TestData.path("models/mlp8x8-init.pt").toString());
        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("KH0.5"), run.out());
        assertTrue(run.out().contains("exceeds spread"), run.out());
    }

    @Test
    void blockHessianOfOneLayer() throws IOException {
        CliRun run = criteria(temp.resolve("out"), "--params", "fc2\\.", "--json");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals("fc2\\.", doc.path("config").path("params").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--kh-n 0             | --kh-n",
        "--kh-n -1            | --kh-n",
        "--kh-n 0.5,abc       | --kh-n",
        "--batches 0          | --batches must be at least 1",
        "--batches 400        | holds only",
        "--params nothing.here | --params matches none",
        "--params ([           | not a regular expression",
        "--compare-split test  | --compare-split needs --compare-data",
    })
    void usageErrors(String options, String fragment) {
        Path out = temp.resolve("out");
        CliRun run = criteria(out, options.trim().split(" "));
        assertCleanFailure(run, USAGE_ERROR, out, fragment);
    }

    @Test
    void comparingModelAndDataAtOnceIsContradictory() {
        Path out = temp.resolve("out");
        CliRun run = criteria(out, "--compare-model", TestData.mlp().toString(),
                "--compare-data", TestData.digitsTest().toString());
        assertCleanFailure(run, USAGE_ERROR, out, "--compare-model and --compare-data exclude each other");
    }
}
