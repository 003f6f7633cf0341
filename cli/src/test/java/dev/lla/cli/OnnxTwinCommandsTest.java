package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * hesd, criteria and landscape on the ONNX twin of CIFAR ResNet20 (scripts/make_onnx_twins.py)
 * give the TorchScript model's results, number for number within float32 rounding, with the same
 * seed, in eval and train mode.
 */
class OnnxTwinCommandsTest {

    /** Float32 rounding, carried through a few Lanczos steps or a loss sum. */
    private static final double TOLERANCE = 1e-4;

    @TempDir Path temp;

    @ParameterizedTest
    @CsvSource({
        "hesd, eval",
        "hesd, train",
        "criteria, eval",
        "landscape, eval",
        "landscape, train",
    })
    void resnet20TwinGivesTheTorchScriptResults(String command, String mode) throws IOException {
        JsonNode torchScript = results(command, "resnet20.pt", mode);
        JsonNode onnx = results(command, "resnet20.onnx", mode);
        List<String> differences = new ArrayList<>();
        compare("results", torchScript, onnx, differences);
        assertTrue(differences.isEmpty(), command + " --mode " + mode + ": " + String.join("; ", differences));
    }

    private JsonNode results(String command, String model, String mode) throws IOException {
        List<String> args = new ArrayList<>(List.of(command,
                "--model", dev.lla.core.TestData.path("models/" + model).toString(),
                "--data", dev.lla.core.TestData.path("cifar-tiny").toString(), "--batch-size", "8",
                "--mode", mode, "--out", temp.resolve(command + "-" + model + "-" + mode).toString(),
                "--json", "--quiet"));
        switch (command) {
            case "hesd" -> args.addAll(List.of("--nhes", "1", "--iterations", "5", "--trace-samples", "0",
                    "--top-k", "1"));
            case "criteria" -> args.addAll(List.of("--nhes", "1", "--iterations", "5"));
            case "landscape" -> args.addAll(List.of("--steps", "2"));
            default -> throw new IllegalArgumentException(command);
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode results = new ObjectMapper().readTree(run.out()).path("results");
        assertTrue(results.size() > 0, "no results\n" + run.transcript());
        return results;
    }

    /** Numbers within {@link #TOLERANCE} relative, everything else equal, the same fields. */
    private static void compare(String where, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isNumber() && actual.isNumber()) {
            double e = expected.asDouble();
            double a = actual.asDouble();
            if (Math.abs(e - a) > TOLERANCE * Math.max(Math.abs(e), Math.abs(a)) + 1e-9) {
                differences.add(where + ": " + e + " against " + a);
            }
        } else if (expected.isContainerNode() && expected.getNodeType() == actual.getNodeType()
                && expected.size() == actual.size()) {
            if (expected.isArray()) {
                for (int i = 0; i < expected.size(); i++) {
                    compare(where + "[" + i + "]", expected.get(i), actual.get(i), differences);
                }
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    compare(where + "." + field.getKey(), field.getValue(), actual.path(field.getKey()), differences);
                }
            }
        } else if (!expected.equals(actual)) {
            differences.add(where + ": " + expected + " against " + actual);
        }
    }
}
