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
 * hesd, criteria and landscape on the ONNX twins of CIFAR ResNet20 and of the tiny ViT
 * (scripts/make_onnx_twins.py, both on cifar-tiny) give the TorchScript model's results, number
 * for number within float32 rounding, with the same seed, in eval and train mode.
 */
class OnnxTwinCommandsTest {

    /** Float32 rounding, carried through a few Lanczos steps or a loss sum. */
    private static final double TOLERANCE = 1e-4;

    @TempDir Path temp;

    @ParameterizedTest
    @CsvSource({
        "resnet20, hesd, eval",
        "resnet20, hesd, train",
        "resnet20, criteria, eval",
        "resnet20, landscape, eval",
        "resnet20, landscape, train",
        // no BatchNorm in the ViT: train mode would repeat eval mode
        "vit-tiny, hesd, eval",
        "vit-tiny, criteria, eval",
        "vit-tiny, landscape, eval",
    })
    void onnxTwinGivesTheTorchScriptResults(String twin, String command, String mode) throws IOException {
        JsonNode torchScript = results(command, twin + ".pt", mode);
        JsonNode onnx = results(command, twin + ".onnx", mode);
        List<String> differences = new ArrayList<>();
        compare("results", torchScript, onnx, differences);
        assertTrue(differences.isEmpty(), twin + " " + command + " --mode " + mode + ": "
                + String.join("; ", differences));
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

    /**
     * Numbers within {@link #TOLERANCE} relative, everything else equal, the same fields. Relative
     * to what: a scalar to itself; an entry of an array of numbers (a density curve, its grid,
     * SLQ nodes and weights) to the array's largest entry, since float32 rounding of a spectrum
     * is of the order of its largest value (a Gaussian tail at 1e-6 of the peak, or a grid point
     * next to zero, moves by far more than 1e-4 of itself when a node moves by 1e-7 of the
     * spectrum); an eigenpair's residual ||Hx - θx|| to |θ|, and its relative residual to 1, since
     * a converged residual is rounding noise (it differs between runs of one model in different
     * JVMs).
     */
    private static void compare(String where, JsonNode expected, JsonNode actual, List<String> differences) {
        compare(where, expected, actual, 0, differences);
    }

    private static void compare(String where, JsonNode expected, JsonNode actual, double scale,
            List<String> differences) {
        if (expected.isNumber() && actual.isNumber()) {
            double e = expected.asDouble();
            double a = actual.asDouble();
            if (Math.abs(e - a) > TOLERANCE * Math.max(scale, Math.max(Math.abs(e), Math.abs(a))) + 1e-9) {
                differences.add(where + ": " + e + " against " + a);
            }
        } else if (expected.isContainerNode() && expected.getNodeType() == actual.getNodeType()
                && expected.size() == actual.size()) {
            if (expected.isArray()) {
                double largest = largestNumber(expected);
                for (int i = 0; i < expected.size(); i++) {
                    compare(where + "[" + i + "]", expected.get(i), actual.get(i), largest, differences);
                }
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    double fieldScale = switch (field.getKey()) {
                        case "residual" -> Math.abs(expected.path("value").asDouble());
                        case "relativeResidual" -> 1;
                        default -> 0;
                    };
                    compare(where + "." + field.getKey(), field.getValue(), actual.path(field.getKey()), fieldScale,
                            differences);
                }
            }
        } else if (!expected.equals(actual)) {
            differences.add(where + ": " + expected + " against " + actual);
        }
    }

    /** The largest |entry| of an array of numbers; 0 for an array of anything else. */
    private static double largestNumber(JsonNode array) {
        double largest = 0;
        for (JsonNode entry : array) {
            if (!entry.isNumber()) {
                return 0;
            }
            largest = Math.max(largest, Math.abs(entry.asDouble()));
        }
        return largest;
    }
}
