package dev.lla.cli;

import static dev.lla.cli.CliAssertions.INPUT_ERROR;
import static dev.lla.cli.CliAssertions.USAGE_ERROR;
import static dev.lla.cli.CliAssertions.assertCleanFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI says about an ONNX model: BatchNorm folded at export (once on stderr, and in the
 * JSON), {@code --output NAME} for graphs with several outputs, and the (N, classes) check.
 */
class OnnxModelOptionsTest {

    private static final String FOLDED_NOTE = "BatchNorm was folded into Conv at export";

    @TempDir Path temp;

    private static Path model(String name) {
        return dev.lla.core.TestData.path("models/" + name);
    }

    private HesdArgs lenet(String model) {
        return HesdArgs.tiny(temp.resolve("out")).with("--model", model(model))
                .with("--data", TestData.mnist()).flag("--json");
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertEquals(0, run.exitCode(), run.transcript());
        return new ObjectMapper().readTree(run.out());
    }

    private static List<String> linesWith(CliRun run, String text) {
        return run.errLines().stream().filter(l -> l.contains(text)).toList();
    }

    @Test
    void foldedBatchNormIsSaidOnceOnStderrAndInTheJson() throws IOException {
        CliRun run = lenet("lenet-bn-folded.onnx").run();
        assertEquals("folded at export", json(run).path("config").path("batchNorm").asText(), run.transcript());
        List<String> notes = linesWith(run, FOLDED_NOTE);
        assertEquals(1, notes.size(), run.transcript());
        assertTrue(notes.get(0).contains("lenet-bn-folded.onnx"), notes.get(0));
    }

    @Test
    void trainModeOnFoldedBatchNormWarnsThatItChangesNothing() throws IOException {
        CliRun run = lenet("lenet-bn-folded.onnx").with("--mode", "train").run();
        assertEquals("folded at export", json(run).path("config").path("batchNorm").asText());
        List<String> notes = linesWith(run, FOLDED_NOTE);
        assertEquals(1, notes.size(), run.transcript());
        assertTrue(notes.get(0).startsWith("warning: ") && notes.get(0).contains("--mode train has nothing to change"),
                notes.get(0));
    }

    @Test
    void keptBatchNormAndNoBatchNormAreSaidInTheJsonOnly() throws IOException {
        CliRun kept = lenet("lenet-bn-trained.onnx").with("--mode", "train").run();
        assertEquals("kept", json(kept).path("config").path("batchNorm").asText());
        assertTrue(linesWith(kept, FOLDED_NOTE).isEmpty(), kept.transcript());
        CliRun none = HesdArgs.tiny(temp.resolve("mlp")).with("--model", model("mlp8x8-trained.onnx"))
                .flag("--json").run();
        assertEquals("none", json(none).path("config").path("batchNorm").asText());
        CliRun torchScript = HesdArgs.tiny(temp.resolve("pt")).flag("--json").run();
        assertFalse(json(torchScript).path("config").has("batchNorm"), "TorchScript: no batchNorm field");
    }

    @Test
    void severalOutputsAreRefusedNamingThemAndSuggestingOutput() {
        CliRun run = HesdArgs.tiny(temp.resolve("out")).with("--model", model("mlp8x8-multi-output.onnx")).run();
        assertCleanFailure(run, INPUT_ERROR, temp.resolve("out"), "mlp8x8-multi-output.onnx", "4 outputs",
                "logits, hidden, grid, three", "--output NAME");
    }

    /** The chosen output's branch alone is translated: same parameters, same spectrum as the one-output twin. */
    @Test
    void outputNameChoosesTheLogitsAndGivesTheOneOutputTwinsNumbers() throws IOException {
        JsonNode chosen = json(HesdArgs.tiny(temp.resolve("a")).with("--model", model("mlp8x8-multi-output.onnx"))
                .with("--output", "logits").flag("--json").run());
        JsonNode single = json(HesdArgs.tiny(temp.resolve("b")).with("--model", model("mlp8x8-trained.onnx"))
                .flag("--json").run());
        assertEquals("logits", chosen.path("config").path("output").asText());
        assertEquals(single.path("results").path("topEigenvalues"), chosen.path("results").path("topEigenvalues"));
        assertEquals(single.path("results").path("density"), chosen.path("results").path("density"));
    }

    @Test
    void anOutputThatIsNotTwoDimensionalIsRefusedBeforeAnyWork() {
        CliRun run = HesdArgs.tiny(temp.resolve("out")).with("--model", model("mlp8x8-multi-output.onnx"))
                .with("--output", "grid").run();
        assertCleanFailure(run, INPUT_ERROR, temp.resolve("out"), "mlp8x8-multi-output.onnx", "output grid",
                "(N, classes)");
    }

    @Test
    void anOutputWithFewerClassesThanTheLabelsIsRefused() {
        CliRun run = HesdArgs.tiny(temp.resolve("out")).with("--model", model("mlp8x8-multi-output.onnx"))
                .with("--output", "three").run();
        assertCleanFailure(run, INPUT_ERROR, temp.resolve("out"), "labels reach 9", "outputs 3 classes");
    }

    @Test
    void anUnknownOutputIsRefusedListingTheOutputs() {
        CliRun run = HesdArgs.tiny(temp.resolve("out")).with("--model", model("mlp8x8-multi-output.onnx"))
                .with("--output", "probabilities").run();
        assertCleanFailure(run, INPUT_ERROR, temp.resolve("out"), "--output probabilities",
                "logits, hidden, grid, three");
    }

    @Test
    void outputOnATorchScriptModelIsAUsageError() {
        CliRun run = HesdArgs.tiny(temp.resolve("out")).with("--output", "logits").run();
        assertCleanFailure(run, USAGE_ERROR, temp.resolve("out"), "--output logits", "TorchScript");
    }

    @Test
    void everyModelCommandTakesOutput() {
        for (String command : List.of("hesd", "criteria", "landscape", "bench", "train", "generalize", "track",
                "connect")) {
            CliRun help = CliRun.of(command, "--help");
            assertTrue(help.out().contains("--output=NAME"), command + " --help lacks --output\n" + help.out());
        }
    }
}
