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
        assertTrue(Files.notExists(out.resolve("connect.partial.json")) && Files.notExists(out.resolve("connect.state")),
                "the journal and the curve state are removed once the results are written");
    }

    @Test
    void theCurveStateReadsBackAsItWasSaved() {
        CurveFiles files = new CurveFiles(temp.resolve("state"));
        assertTrue(files.load().isEmpty());
        files.save(3, new float[] {1f, -2.5f}, new dev.lla.core.train.OptimizerState(42,
                java.util.Map.of("exp_avg", new float[] {0.1f, 0.2f}, "exp_avg_sq", new float[] {3f, 4f})),
                new byte[] {7, 8});
        dev.lla.core.connect.CurveStore.Saved saved = files.load().orElseThrow();
        assertEquals(3, saved.epochs());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1f, -2.5f}, saved.theta());
        assertEquals(42, saved.adam().step());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {3f, 4f}, saved.adam().buffers().get("exp_avg_sq"));
        assertEquals(java.util.Set.of("exp_avg", "exp_avg_sq"), saved.adam().buffers().keySet());
        assertTrue(Files.exists(files.trainer()));
    }

    @Test
    void resumingAJournalOfOtherOptionsIsAUsageError() throws Exception {
        Path out = temp.resolve("other");
        Files.createDirectories(out);
        Files.writeString(out.resolve("connect.partial.json"),
                "{\"fingerprint\":\"other\",\"trainLoss\":[0.5],\"steps\":3,\"points\":[]}");
        CliRun run = connect(out, "--resume");
        assertEquals(CliAssertions.USAGE_ERROR, run.exitCode(), run.transcript());
        assertTrue(run.err().contains("partial results of other inputs or options"), run.err());
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
