package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.data.NpzReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lla landscape --axes hessian --operator ... [--scale-invariant]}: the choice is recorded in
 * the config, in results.directions and in the saved directions' metadata, and every option that
 * means nothing for the chosen axes is a one-line usage error. The directions themselves are checked
 * in core ({@code CurvatureAxesTest}).
 */
class LandscapeOperatorTest {

    @TempDir Path temp;

    private static CliRun landscape(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("landscape", "--model", TestData.mlp().toString(),
                "--data", TestData.digitsTrain().toString(), "--batch-size", "64", "--sequential",
                "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode metadata(Path out) throws IOException {
        var array = NpzReader.read(out.resolve("directions.npz"), "metadata");
        byte[] bytes = new byte[array.size()];
        array.data().get(bytes);
        return new ObjectMapper().readTree(bytes);
    }

    @Test
    void operatorAndScaleInvarianceAreRecordedWhereverTheAxesAreDescribed() throws IOException {
        Path out = temp.resolve("gn");
        CliRun run = landscape(out, "--axes", "hessian", "--operator", "gauss-newton", "--scale-invariant",
                "--steps", "2");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(out.resolve("landscape.json")));
        assertEquals("gauss-newton", doc.get("config").get("operator").asText());
        assertTrue(doc.get("config").get("scaleInvariant").asBoolean());
        JsonNode directions = doc.get("results").get("directions");
        assertEquals("gauss-newton", directions.get("operator").asText());
        assertTrue(directions.get("scaleInvariant").asBoolean());
        // D u, not the unit eigenvector u: its norm is that of the weights seen through u.
        assertTrue(Math.abs(directions.get("norms").get(0).asDouble() - 1) > 0.05, directions.toString());
        JsonNode saved = metadata(out);
        assertEquals("gauss-newton", saved.get("operator").asText());
        assertTrue(saved.get("scaleInvariant").asBoolean());
    }

    @Test
    void hessianAxesSayTheyAreOfThePlainHessianByDefault() throws IOException {
        Path out = temp.resolve("h");
        CliRun run = landscape(out, "--axes", "hessian", "--dims", "1", "--steps", "2");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(out.resolve("landscape.json")));
        assertEquals("hessian", doc.get("config").get("operator").asText());
        assertEquals(false, doc.get("config").get("scaleInvariant").asBoolean());
        assertEquals(1.0, doc.get("results").get("directions").get("norms").get(0).asDouble(), 1e-5);
    }

    @Test
    void operatorOptionsWithoutHessianAxesAreOneLineUsageErrors() {
        Path out = temp.resolve("out");
        String moments = dev.lla.core.TestData.path("golden/mlp8x8-adam5.adam.npz").toString();
        CliAssertions.assertCleanFailure(landscape(out, "--scale-invariant"), CliAssertions.USAGE_ERROR, out,
                "--scale-invariant needs --axes hessian", "random directions are drawn");
        CliAssertions.assertCleanFailure(landscape(out, "--axes", "adam", "--moments", moments, "--scale-invariant"),
                CliAssertions.USAGE_ERROR, out, "--scale-invariant needs --axes hessian", "moments are the directions");
        CliAssertions.assertCleanFailure(landscape(out, "--axes", "models", "--dims", "1", "--to",
                TestData.mlp().toString(), "--scale-invariant"), CliAssertions.USAGE_ERROR, out,
                "--scale-invariant needs --axes hessian", "checkpoints");
        CliAssertions.assertCleanFailure(landscape(out, "--directions", moments, "--scale-invariant"),
                CliAssertions.USAGE_ERROR, out, "--scale-invariant", "--directions FILE reuses saved directions");
        CliAssertions.assertCleanFailure(landscape(out, "--operator", "gauss-newton"), CliAssertions.USAGE_ERROR, out,
                "--operator gauss-newton needs --axes hessian");
        CliAssertions.assertCleanFailure(landscape(out, "--axes", "adam", "--moments", moments, "--operator", "nme"),
                CliAssertions.USAGE_ERROR, out, "--operator nme needs --axes hessian");
        CliAssertions.assertCleanFailure(landscape(out, "--directions", moments, "--operator", "nme"),
                CliAssertions.USAGE_ERROR, out, "--operator nme", "--directions FILE");
        CliAssertions.assertCleanFailure(landscape(out, "--axes", "hessian", "--operator", "fisher"),
                CliAssertions.USAGE_ERROR, out, "--operator", "expected one of hessian, gauss-newton, nme", "fisher");
        CliAssertions.assertCleanFailure(landscape(out, "--survey", "--operator", "gauss-newton"),
                CliAssertions.USAGE_ERROR, out, "--survey", "drop --operator");
    }
}
