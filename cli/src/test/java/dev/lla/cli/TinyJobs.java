package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Jobs of each command small enough for a test but with several pieces, and what the sharding
 * and {@code --devices} tests do with them: run one whole, run its shards into one directory,
 * join them with {@code lla merge}, and compare the {@code results} of the documents written.
 */
final class TinyJobs {

    private TinyJobs() {}

    /**
     * hesd: two batches, each with the extreme eigenvalues, two SLQ runs and a Hutchinson trace of
     * 25 samples in 3 parts (10, 10, 5): 12 pieces.
     */
    static HesdArgs hesd(Path out) {
        return HesdArgs.tiny(out)
                .with("--batches", "2")
                .with("--nhes", "2")
                .with("--top-k", "1")
                .with("--eigen-iterations", "8")
                .with("--trace-samples", "25")
                .with("--density-bins", "200")
                .with("--seed", "5")
                .flag("--quiet");
    }

    /** criteria: 2 batches x 2 SLQ runs, 4 pieces. */
    static CliRun criteria(Path out, String... extra) {
        return lla(List.of("criteria", "--model", TestData.mlp().toString(), "--data",
                TestData.digitsTrain().toString(), "--batch-size", "32", "--batches", "2", "--nhes", "2",
                "--iterations", "8", "--seed", "3", "--quiet"), out, extra);
    }

    /** generalize: 2 checkpoints x 2 datasets, 4 pieces. */
    static CliRun generalize(Path out, String... extra) {
        return lla(List.of("generalize", "--models",
                dev.lla.core.TestData.path("models/mlp8x8-init.pt") + "," + TestData.mlp(),
                "--data", TestData.digitsTrain().toString(), "--data-name", "train",
                "--target", TestData.digitsTest().toString(), "--target-name", "test",
                "--nhes", "2", "--iterations", "8", "--batch-size", "64", "--eval-batches", "2", "--seed", "4",
                "--quiet"), out, extra);
    }

    /** landscape of the trained MLP on the digits, batches of 32 unless {@code extra} gives --batch-size. */
    static CliRun landscape(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(extra));
        if (!args.contains("--batch-size")) {
            args.addAll(List.of("--batch-size", "32"));
        }
        return lla(List.of("landscape", "--model", TestData.mlp().toString(), "--data",
                TestData.digitsTrain().toString(), "--quiet"), out, args.toArray(String[]::new));
    }

    /** landscape --survey with 2 steps: 16 regimes, the pieces. */
    static CliRun survey(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--survey", "--steps", "2", "--seed", "3"));
        args.addAll(List.of(extra));
        return landscape(out, args.toArray(String[]::new));
    }

    /** Runs {@code lla job --out out extra...}. */
    static CliRun lla(List<String> job, Path out, String... extra) {
        List<String> args = new ArrayList<>(job);
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** {@code run}, which must have succeeded. */
    static CliRun ok(CliRun run) {
        assertEquals(0, run.exitCode(), run.transcript());
        return run;
    }

    /** Runs shards 0/n to n-1/n, given the {@code --shard} value; each must succeed. */
    static void runShards(int n, Function<String, CliRun> shard) {
        for (int i = 0; i < n; i++) {
            ok(shard.apply(i + "/" + n));
        }
    }

    /** {@code lla merge shards --out out --quiet}, which must succeed. */
    static void merge(Path shards, Path out) {
        ok(CliRun.of("merge", shards.toString(), "--out", out.toString(), "--quiet"));
    }

    static JsonNode read(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** The documents {@code expected} and {@code actual} hold equal {@code results}, bit for bit. */
    static void assertSameResults(Path expected, Path actual) throws IOException {
        assertEquals(read(expected).path("results"), read(actual).path("results"), actual.toString());
    }

    /** The pieces that {@code cost.devices} lists, all devices together. */
    static int devicePieces(JsonNode cost) {
        return cost.path("devices").findValues("pieces").stream().mapToInt(JsonNode::asInt).sum();
    }
}
