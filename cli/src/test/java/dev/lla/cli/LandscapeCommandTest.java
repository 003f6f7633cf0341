package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.render.JsonDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lla landscape}: the JSON document in 1D and 2D, and one-line errors for bad options (which
 * fail before any data is read, so they run with the default 40 steps).
 */
class LandscapeCommandTest {

    @TempDir Path temp;

    private static CliRun landscape(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("landscape", "--model", TestData.mlp().toString(),
                "--data", TestData.digitsTrain().toString(), "--batch-size", "32",
                "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void surfaceJsonHasTheGridCentredOnTheOrigin() throws Exception {
        Path out = temp.resolve("out");
        CliRun run = landscape(out, "--steps", "2", "--json", "--ignore", "bias-bn");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals(doc, new ObjectMapper().readTree(Files.readString(out.resolve("landscape.json"))));
        JsonNode r = doc.get("results");
        assertEquals(3, r.get("x").size());
        assertEquals(3, r.get("y").size());
        assertEquals(3, r.get("loss").get(0).size());
        assertEquals(r.get("originLoss").asDouble(), r.get("loss").get(1).get(1).asDouble(), 0);
        assertEquals(false, r.get("explosion").get("detected").asBoolean());
        assertEquals("random", r.get("directions").get("kind").asText());
        assertEquals(2, r.get("directions").get("norms").size());
        assertEquals("filter", doc.get("config").get("normalization").asText());
    }

    @Test
    void curveJsonHasFlatArraysAndASummary() throws Exception {
        Path out = temp.resolve("out");
        CliRun run = landscape(out, "--steps", "2", "--dims", "1", "--normalization", "layer", "--norm-order", "1");
        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("value explosion: no"), run.transcript());
        JsonNode r = new ObjectMapper().readTree(Files.readString(out.resolve("landscape.json"))).get("results");
        assertTrue(r.get("loss").get(0).isNumber());
        assertTrue(r.get("y").isNull());
        assertEquals(r.get("originLoss").asDouble(), r.get("loss").get(1).asDouble(), 0);
    }

    @Test
    void hessianAxesAreUnitEigenvectorsByDefault() throws Exception {
        Path out = temp.resolve("out");
        CliRun run = landscape(out, "--steps", "2", "--axes", "hessian", "--hessian-pair", "minmax", "--json");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        JsonNode directions = doc.get("results").get("directions");
        assertEquals("hessian", directions.get("kind").asText());
        assertEquals("minmax", directions.get("hessianPair").asText());
        assertEquals("none", doc.get("config").get("normalization").asText());
        assertEquals(1.0, directions.get("norms").get(0).asDouble(), 1e-5);
        assertEquals(1.0, directions.get("norms").get(1).asDouble(), 1e-5);
        assertEquals(0.0, directions.get("cosine").asDouble(), 1e-4);
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        Path out = temp.resolve("out");
        CliAssertions.assertCleanFailure(landscape(out, "--steps", "0"), CliAssertions.USAGE_ERROR, out, "--steps");
        CliAssertions.assertCleanFailure(landscape(out, "--steps", "3"), CliAssertions.USAGE_ERROR, out, "even");
        CliAssertions.assertCleanFailure(landscape(out, "--axes", "adam"), CliAssertions.USAGE_ERROR, out, "--moments");
        CliAssertions.assertCleanFailure(landscape(out, "--hessian-pair", "top2"), CliAssertions.USAGE_ERROR, out,
                "--hessian-pair needs --axes hessian");
        CliAssertions.assertCleanFailure(landscape(out, "--axes", "hessian", "--hessian-pair", "max"),
                CliAssertions.USAGE_ERROR, out, "--hessian-pair");
        CliAssertions.assertCleanFailure(landscape(out, "--norm-order", "3"), CliAssertions.USAGE_ERROR, out, "--norm-order");
        CliAssertions.assertCleanFailure(landscape(out, "--dims", "3"), CliAssertions.USAGE_ERROR, out, "--dims");
        CliAssertions.assertCleanFailure(landscape(out, "--ignore", "weights"), CliAssertions.USAGE_ERROR, out, "bias-bn");
    }

    @Test
    void nonFiniteGridValuesAreWrittenAsNull() {
        String json = JsonDocuments.toJson(Map.of("loss", new double[][] {{1.5, Double.NaN}}));
        assertTrue(json.replaceAll("\\s", "").contains("[[1.5,null]]"), json);
    }
}
