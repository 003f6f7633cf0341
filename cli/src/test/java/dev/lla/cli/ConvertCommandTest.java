package dev.lla.cli;

import static dev.lla.cli.CliAssertions.INPUT_ERROR;
import static dev.lla.cli.CliAssertions.assertCleanFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla convert net.onnx net.pt}: the archive it writes is the model every command runs for the .onnx. */
class ConvertCommandTest {

    @TempDir Path temp;

    private static Path model(String name) {
        return dev.lla.core.TestData.path("models/" + name);
    }

    private JsonNode hesd(Path model, String out) throws IOException {
        CliRun run = HesdArgs.tiny(temp.resolve(out)).with("--model", model).with("--data", TestData.mnist())
                .with("--mode", "train").flag("--json").flag("--quiet").run();
        assertEquals(0, run.exitCode(), run.transcript());
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void convertedArchiveGivesTheOnnxModelsNumbers() throws IOException {
        Path converted = temp.resolve("lenet.pt");
        CliRun run = CliRun.of("convert", model("lenet-bn-trained.onnx").toString(), converted.toString());
        assertEquals(0, run.exitCode(), run.transcript());
        assertEquals("", run.out(), "stdout stays empty");
        assertTrue(run.err().contains("wrote " + converted), run.transcript());
        JsonNode fromArchive = hesd(converted, "pt");
        JsonNode fromOnnx = hesd(model("lenet-bn-trained.onnx"), "onnx");
        assertEquals(fromOnnx.path("results"), fromArchive.path("results"));
        assertFalse(fromArchive.path("config").has("batchNorm"), "the archive is plain TorchScript");
    }

    @Test
    void outputChoosesWhichGraphOutputTheArchiveReturns() throws IOException {
        Path converted = temp.resolve("logits.pt");
        CliRun run = CliRun.of("convert", "--output", "logits", model("mlp8x8-multi-output.onnx").toString(),
                converted.toString());
        assertEquals(0, run.exitCode(), run.transcript());
        CliRun hesd = HesdArgs.tiny(temp.resolve("out")).with("--model", converted).flag("--json").run();
        CliRun original = HesdArgs.tiny(temp.resolve("mlp")).with("--model", model("mlp8x8-trained.onnx"))
                .flag("--json").run();
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(original.out()).path("results"), json.readTree(hesd.out()).path("results"));
    }

    @Test
    void missingInputIsOneLine() {
        CliRun run = CliRun.of("convert", temp.resolve("absent.onnx").toString(), temp.resolve("x.pt").toString());
        assertCleanFailure(run, INPUT_ERROR, temp.resolve("x.pt"), "absent.onnx", "not found");
    }

    @Test
    void outputDirectoryThatDoesNotExistIsOneLine() {
        Path target = temp.resolve("no/such/dir/net.pt");
        CliRun run = CliRun.of("convert", model("mlp8x8-trained.onnx").toString(), target.toString());
        assertCleanFailure(run, INPUT_ERROR, null, "net.pt", "does not exist");
        assertFalse(Files.exists(temp.resolve("no")));
    }

    @Test
    void torchScriptInputIsRefused() {
        CliRun run = CliRun.of("convert", TestData.mlp().toString(), temp.resolve("x.pt").toString());
        assertCleanFailure(run, INPUT_ERROR, temp.resolve("x.pt"), "mlp8x8-trained.pt", "not an ONNX model");
    }
}
