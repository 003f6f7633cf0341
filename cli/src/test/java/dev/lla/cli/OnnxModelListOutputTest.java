package dev.lla.cli;

import static dev.lla.cli.CliAssertions.INPUT_ERROR;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --output NAME} in the commands that load several models (generalize, track, connect),
 * on the four-output MLP and a copy of it: refused without it, recorded in the JSON with it, and
 * an output the graph lacks refused with one line, as hesd does.
 */
class OnnxModelListOutputTest {

    private static final Path MULTI = dev.lla.core.TestData.path("models/mlp8x8-multi-output.onnx");
    private static final String DIGITS = dev.lla.core.TestData.path("digits8x8").toString();

    @TempDir Path temp;

    /** A second file of the same graph: every command here wants two models. */
    private Path copy() throws IOException {
        Path copy = temp.resolve("copy-of-multi-output.onnx");
        if (Files.notExists(copy)) {
            Files.copy(MULTI, copy);
        }
        return copy;
    }

    /** The smallest run of {@code command} on {@code a} and {@code b}, writing to {@code out}. */
    private static List<String> tiny(String command, Path a, Path b, Path out) {
        String models = a + "," + b;
        List<String> args = new ArrayList<>(switch (command) {
            case "generalize" -> List.of("generalize", "--models", models, "--data", DIGITS, "--target", DIGITS,
                    "--target-split", "test", "--target-name", "digits-test", "--nhes", "1", "--iterations", "5",
                    "--batches", "1", "--batch-size", "64", "--eval-batches", "1");
            case "track" -> List.of("track", "--models", models, "--data", DIGITS, "--batch-size", "64",
                    "--top-k", "1", "--eigen-iterations", "40");
            case "connect" -> List.of("connect", a.toString(), b.toString(), "--data", DIGITS, "--batch-size",
                    "128", "--epochs", "1", "--points", "3", "--mode", "eval");
            default -> throw new IllegalArgumentException(command);
        });
        args.addAll(List.of("--out", out.toString(), "--quiet"));
        return args;
    }

    private CliRun run(String command, Path out, String... extra) throws IOException {
        List<String> args = tiny(command, MULTI, copy(), out);
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"generalize", "track", "connect"})
    void severalOutputsWithoutOutputAreRefusedAsHesdRefusesThem(String command) throws IOException {
        Path out = temp.resolve(command);
        assertCleanFailure(run(command, out), INPUT_ERROR, out, "mlp8x8-multi-output.onnx", "4 outputs",
                "logits, hidden, grid, three", "--output NAME");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generalize", "track", "connect"})
    void outputChoosesTheLogitsAndIsRecordedInTheConfig(String command) throws IOException {
        Path out = temp.resolve(command);
        CliRun run = run(command, out, "--output", "logits");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode config = new ObjectMapper().readTree(Files.readString(out.resolve(command + ".json")))
                .path("config");
        assertEquals("logits", config.path("output").asText(), config.toString());
        assertEquals("none", config.path("batchNorm").asText(), config.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"generalize", "track", "connect"})
    void anOutputTheGraphLacksIsRefusedListingTheOutputs(String command) throws IOException {
        Path out = temp.resolve(command);
        assertCleanFailure(run(command, out, "--output", "probabilities"), INPUT_ERROR, out,
                "--output probabilities", "logits, hidden, grid, three");
    }

    /** lla train's checkpoints of an ONNX model are TorchScript: --output must name an ONNX file's output. */
    @Test
    void outputWithTorchScriptModelsOnlyIsAUsageError() {
        Path out = temp.resolve("pt");
        List<String> args = tiny("track", dev.lla.core.TestData.path("models/mlp8x8-init.pt"), TestData.mlp(), out);
        args.addAll(List.of("--output", "logits"));
        assertCleanFailure(CliRun.of(args.toArray(String[]::new)), USAGE_ERROR, out, "--output logits",
                "TorchScript");
    }

    /** A series of BN-folded exports: the note is said once, naming the first file, not once per checkpoint. */
    @Test
    void theFoldedBatchNormNoteIsSaidOncePerSeries() throws IOException {
        Path folded = dev.lla.core.TestData.path("models/lenet-bn-folded.onnx");
        Path second = temp.resolve("folded-copy.onnx");
        Files.copy(folded, second);
        Path out = temp.resolve("folded");
        CliRun run = CliRun.of("track", "--models", folded + "," + second, "--data", TestData.mnist().toString(),
                "--batch-size", "32", "--top-k", "1", "--eigen-iterations", "20", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.transcript());
        List<String> notes = run.errLines().stream().filter(l -> l.contains("BatchNorm was folded")).toList();
        assertEquals(1, notes.size(), run.transcript());
        assertTrue(notes.get(0).contains("lenet-bn-folded.onnx"), notes.get(0));
    }
}
