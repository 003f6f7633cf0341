package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla track} on the 8×8-digit MLP: outputs, a checkpoint against itself, and bad series. */
class TrackCommandTest {

    @TempDir static Path temp;
    private static Path out;
    private static CliRun run;
    private static JsonNode results;

    private static String models(Path... files) {
        return String.join(",", java.util.Arrays.stream(files).map(Path::toString).toList());
    }

    private static Path init() {
        return dev.lla.core.TestData.path("models/mlp8x8-init.pt");
    }

    @BeforeAll
    static void track() throws Exception {
        out = temp.resolve("out");
        run = CliRun.of("track", "--models", models(init(), TestData.mlp(), TestData.mlp()), "--data",
                TestData.digitsTrain().toString(), "--batch-size", "64", "--top-k", "2", "--eigen-iterations", "80",
                "--out", out.toString(), "--quiet");
        assertEquals(0, run.exitCode(), run.transcript());
        results = new ObjectMapper().readTree(Files.readString(out.resolve("track.json"))).path("results");
    }

    @Test
    void writesTheDocumentTheReportAndThreeFigures() {
        for (String f : new String[] {"track.json", "track.md", "track-eigenvalues.png", "track-overlap.png",
                "track-ipr.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertFalse(Files.exists(out.resolve("track.partial.json")), "journal removed");
        assertFalse(Files.exists(out.resolve("track.vectors")), "vectors removed");
        assertTrue(run.out().contains("| checkpoint"), run.out());
    }

    @Test
    void aCheckpointAgainstItselfOverlapsFully() {
        JsonNode last = results.path("consecutive").get(1);
        assertEquals(1.0, last.path("overlap").asDouble(), 1e-6);
        assertEquals(1.0, results.path("toLast").get(1).path("overlap").asDouble(), 1e-6);
        double initToTrained = results.path("consecutive").get(0).path("overlap").asDouble();
        assertTrue(initToTrained < 0.9, "init vs trained " + initToTrained);
        JsonNode pair = results.path("checkpoints").get(1).path("pairs").get(0);
        assertTrue(pair.path("ipr").asDouble() > 0, pair.toString());
        assertEquals(4, pair.path("tensors").size());
    }

    @Test
    void aSeriesOfOneCheckpointIsAUsageError() {
        Path failed = temp.resolve("one");
        CliRun r = CliRun.of("track", "--models", TestData.mlp().toString(), "--data",
                TestData.digitsTrain().toString(), "--out", failed.toString());
        CliAssertions.assertCleanFailure(r, CliAssertions.USAGE_ERROR, failed, "at least two");
    }

    @Test
    void checkpointsOfDifferentArchitecturesAreAnInputError() {
        Path failed = temp.resolve("arch");
        CliRun r = CliRun.of("track", "--models", models(TestData.mlp(), TestData.linearMse()),
                "--data", TestData.digitsTrain().toString(), "--out", failed.toString());
        CliAssertions.assertCleanFailure(r, CliAssertions.INPUT_ERROR, failed, "another architecture");
    }
}
