package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla connect}: its files, the middle point as a model lla loads, and the same path twice. */
class ConnectCommandTest {

    @TempDir Path temp;

    private static Path seed(int s) {
        return dev.lla.core.TestData.path("models/mlp8x8-seed" + s + ".pt");
    }

    private CliRun connect(Path out, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("connect", seed(1).toString(),
                seed(2).toString(), "--data", TestData.digitsTrain().toString(), "--batch-size", "128", "--epochs",
                "1", "--points", "5", "--mode", "eval", "--seed", "4", "--out", out.toString(), "--quiet"));
        args.addAll(java.util.List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesTheDocumentTheFigureAndTheMiddlePointTheSameForTheSameSeed() throws Exception {
        Path out = temp.resolve("out");
        CliRun run = connect(out);
        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("barrier: line"), run.out());
        assertTrue(Files.size(out.resolve("connect.png")) > 0);
        JsonNode results = new ObjectMapper().readTree(Files.readString(out.resolve("connect.json"))).path("results");
        assertEquals(5, results.path("t").size());
        assertTrue(results.path("line").path("barrier").asDouble() > 0, results.toString());

        CliRun hesd = HesdArgs.tiny(temp.resolve("hesd")).with("--model", out.resolve("connect-middle.pt")).run();
        assertEquals(0, hesd.exitCode(), "the middle point loads as a model\n" + hesd.transcript());

        Path again = temp.resolve("again");
        assertEquals(0, connect(again).exitCode());
        JsonNode second = new ObjectMapper().readTree(Files.readString(again.resolve("connect.json"))).path("results");
        assertEquals(results, second, "same seed, same numbers");
    }

    @Test
    void theSamePathTwiceIsAUsageError() {
        Path out = temp.resolve("same");
        CliRun run = CliRun.of("connect", seed(1).toString(), seed(1).toString(), "--data",
                TestData.digitsTrain().toString(), "--out", out.toString());
        CliAssertions.assertCleanFailure(run, CliAssertions.USAGE_ERROR, out, "the same file");
    }

    @Test
    void modelsOfDifferentArchitecturesAreAnInputError() {
        Path out = temp.resolve("arch");
        CliRun run = CliRun.of("connect", seed(1).toString(), TestData.linearMse().toString(), "--data",
                TestData.digitsTrain().toString(), "--out", out.toString());
        CliAssertions.assertCleanFailure(run, CliAssertions.INPUT_ERROR, out, "another architecture");
    }
}
