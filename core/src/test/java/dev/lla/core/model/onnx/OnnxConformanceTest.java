package dev.lla.core.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.training.GradientCollector;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lla.core.LlaException;
import dev.lla.core.TestData;
import dev.lla.core.model.torch.TorchRuntime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX project's node tests (Debian libonnx-testdata 1.12.0, picked by
 * {@code scripts/pick_onnx_conformance.py}) and PyTorch-exported operator forms
 * ({@code scripts/make_onnx_operator_references.py}) through lla's translator and libtorch. Every case
 * (one graph output of one test) either matches the expected output within
 * {@code |actual - expected| <= 1e-4 + 1e-4 |expected|} with the same shape, or is refused by
 * name (node, op type, opset, attribute); the refused cases must be exactly those recorded in
 * {@code testdata/onnx/conformance-refused.txt}, so a regression either way fails. Where the
 * PyTorch references give an input gradient, the translated model's backward must match it too.
 */
class OnnxConformanceTest {

    private static final double ATOL = 1e-4;
    private static final double RTOL = 1e-4;
    /** The one-line refusal of {@link UnsupportedFeature}: "node N (Op, opset K): operator|attribute|input ...". */
    private static final Pattern REFUSAL = Pattern.compile(": node .* \\([A-Za-z]+, opset \\d+\\): (operator|attribute|input) ");

    /**
     * The ONNX node tests, and the exporter-written forms they lack with PyTorch's outputs as
     * reference ({@code scripts/make_onnx_operator_references.py}, batch 3 through a model
     * exported with batch 2, so a frozen batch size fails).
     */
    private static final List<String> ROOTS = List.of("onnx/conformance", "onnx/torch-reference");

    @TempDir
    Path folder;

    /** What became of one case; {@code detail} is the refusal or the mismatch. */
    record Outcome(String test, String op, String kase, String status, String detail) {}

    @Test
    void everyPickedCaseMatchesOrIsRefusedByName() throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        TorchRuntime.engine();
        try (PtNDManager manager = (PtNDManager) NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            List<Path> roots = new ArrayList<>(ROOTS.stream().map(TestData::path).toList());
            // -Dlla.onnx.extra=DIR: more cases in the same layout (the torchvision zoo of the reference script)
            if (System.getProperty("lla.onnx.extra") != null) {
                roots.add(Path.of(System.getProperty("lla.onnx.extra")));
            }
            for (Path root : roots) {
                try (Stream<Path> tests = Files.list(root)) {
                    for (Path test : tests.filter(Files::isDirectory).sorted().toList()) {
                        outcomes.addAll(run(test, manager));
                    }
                }
            }
        }
        Path report = Path.of("target", "onnx-conformance.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, summary(outcomes));
        List<String> failures = outcomes.stream().filter(o -> o.status().equals("failed"))
                .map(o -> o.kase() + ": " + o.detail()).toList();
        // the generated source of each failure, for whoever fixes it
        Files.writeString(report.resolveSibling("onnx-conformance-failures.txt"), String.join("\n\n", failures));
        failures = failures.stream().map(f -> f.lines().findFirst().orElse("")).toList();
        TreeSet<String> refused = new TreeSet<>(outcomes.stream().filter(o -> o.status().equals("refused"))
                .map(Outcome::kase).toList());
        TreeSet<String> recorded = new TreeSet<>(Files.readAllLines(TestData.path("onnx/conformance-refused.txt"))
                .stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+")[0]).toList());
        if (!failures.isEmpty()) {
            fail(failures.size() + " conformance cases neither match nor are refused:\n" + String.join("\n", failures));
        }
        TreeSet<String> newlyRefused = new TreeSet<>(refused);
        newlyRefused.removeAll(recorded);
        TreeSet<String> nowPassing = new TreeSet<>(recorded);
        nowPassing.removeAll(refused);
        assertEquals("", (newlyRefused.isEmpty() ? "" : "refused but not recorded: " + newlyRefused)
                + (nowPassing.isEmpty() ? "" : " recorded as refused but not refused: " + nowPassing),
                "the refused cases (see target/onnx-conformance.md)");
    }

    private List<Outcome> run(Path test, PtNDManager manager) throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(test.resolve("model.onnx")));
        // a PyTorch reference is counted under its own name: it exercises several operators
        String op = test.getParent().getFileName().toString().equals("conformance") ? operatorOf(model)
                : test.getParent().getFileName() + "/" + test.getFileName();
        ConstantTensor input = OnnxTensors.decode(TensorProto.parseFrom(Files.readAllBytes(test.resolve("input_0.pb"))),
                test);
        List<Outcome> outcomes = new ArrayList<>();
        int outputs = model.getGraph().getOutputCount();
        for (int k = 0; k < outputs; k++) {
            String kase = test.getFileName() + (outputs > 1 ? "#" + k : "");
            ModelProto single = model.toBuilder()
                    .setGraph(model.getGraph().toBuilder().clearOutput().addOutput(model.getGraph().getOutput(k)))
                    .build();
            ConstantTensor expected = OnnxTensors.decode(
                    TensorProto.parseFrom(Files.readAllBytes(test.resolve("output_" + k + ".pb"))), test);
            Path gradient = test.resolve("input_grad_" + k + ".pb");
            ConstantTensor expectedGradient = Files.exists(gradient)
                    ? OnnxTensors.decode(TensorProto.parseFrom(Files.readAllBytes(gradient)), test) : null;
            outcomes.add(runCase(test.getFileName().toString(), op, kase, single, input, expected, expectedGradient,
                    manager));
        }
        return outcomes;
    }

    private Outcome runCase(String test, String op, String kase, ModelProto model, ConstantTensor input,
            ConstantTensor expected, ConstantTensor expectedGradient, PtNDManager manager) throws IOException {
        OnnxTranslator.Translation translation;
        try {
            translation = OnnxTranslator.translate(model, Path.of(kase), false);
        } catch (LlaException e) {
            boolean byName = REFUSAL.matcher(e.getMessage()).find() && !e.getMessage().contains("\n");
            return new Outcome(test, op, kase, byName ? "refused" : "failed",
                    (byName ? "" : "not a refusal by name: ") + e.getMessage());
        }
        Path archive = folder.resolve(kase.replace('#', '_') + ".pt");
        Files.write(archive, translation.archive());
        try (NDManager scope = manager.newSubManager()) {
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) scope, archive, true, new String[0],
                    new String[0], true);
            // lla maps BatchNormalization's training_mode to its own --mode: a test of the training form runs in train mode
            if (trainingMode(model)) {
                JniUtils.enableTrainingMode(module);
            } else {
                JniUtils.enableInferenceMode(module);
            }
            JniUtils.setGradMode(false);
            JniUtils.setGraphExecutorOptimize(false);
            NDArray x = scope.create(ByteBuffer.wrap(input.data()).order(ByteOrder.LITTLE_ENDIAN),
                    new Shape(input.dims()), dataType(input.dtype()));
            NDList out = IValueUtils.forward(module, new NDList(x), false);
            out.attach(scope);
            String mismatch = compare(out.get(0), expected);
            if (mismatch == null && expectedGradient != null) {
                String gradientMismatch = compareGradient(inputGradient(module, scope, input), expectedGradient);
                mismatch = gradientMismatch == null ? null : "input gradient: " + gradientMismatch;
            }
            return new Outcome(test, op, kase, mismatch == null ? "passed" : "failed",
                    mismatch == null ? "" : mismatch + "\n" + translation.source());
        } catch (RuntimeException e) {
            return new Outcome(test, op, kase, "failed", "libtorch: " + errorLine(e.getMessage()) + "\n" + e
                    + "\n" + translation.source());
        }
    }

    /**
     * The gradient of sum(y * cos(k)) with respect to the input, k numbering y's elements, as
     * {@code scripts/make_onnx_operator_references.py} computes it in PyTorch.
     */
    private static NDArray inputGradient(PtSymbolBlock module, NDManager scope, ConstantTensor input) {
        try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            JniUtils.setGradMode(true);
            NDArray x = scope.create(ByteBuffer.wrap(input.data()).order(ByteOrder.LITTLE_ENDIAN),
                    new Shape(input.dims()), dataType(input.dtype()));
            x.setRequiresGradient(true);
            NDArray y = IValueUtils.forward(module, new NDList(x), true).get(0);
            NDArray weights = scope.arange(0f, (float) y.size(), 1f).cos().reshape(y.getShape());
            collector.backward(y.mul(weights).sum());
            return x.getGradient();
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    /** The line of a TorchScript interpreter report that says what went wrong. */
    private static String errorLine(String message) {
        List<String> lines = message == null ? List.of() : message.lines().map(String::strip).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).matches("^[A-Za-z.]*(Error|Exception): .*")) {
                return lines.get(i);
            }
        }
        return lines.isEmpty() ? "(no message)" : lines.get(0);
    }

    private static String compare(NDArray actual, ConstantTensor expected) {
        return compare(actual, expected, ATOL);
    }

    /**
     * Gradients can be small throughout (a randomly initialised ViT's input gradient is below
     * 1e-4): their absolute tolerance is 1e-4 of their largest magnitude.
     */
    private static String compareGradient(NDArray actual, ConstantTensor expected) {
        double largest = Arrays.stream(expected.doubles()).map(Math::abs).max().orElse(0);
        return compare(actual, expected, ATOL * largest);
    }

    private static String compare(NDArray actual, ConstantTensor expected, double atol) {
        long[] shape = actual.getShape().getShape();
        if (!Arrays.equals(shape, expected.dims())) {
            return "shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expected.dims());
        }
        double[] got = actual.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] want = expected.doubles();
        for (int i = 0; i < want.length; i++) {
            boolean same = Double.isNaN(want[i]) ? Double.isNaN(got[i])
                    : Math.abs(got[i] - want[i]) <= atol + RTOL * Math.abs(want[i]) || got[i] == want[i];
            if (!same) {
                return "element " + i + " is " + got[i] + ", expected " + want[i];
            }
        }
        return null;
    }

    private static DataType dataType(int onnxType) {
        return switch (onnxType) {
            case ConstantTensor.FLOAT -> DataType.FLOAT32;
            case ConstantTensor.DOUBLE -> DataType.FLOAT64;
            case ConstantTensor.INT64 -> DataType.INT64;
            case ConstantTensor.INT32 -> DataType.INT32;
            default -> DataType.BOOLEAN;
        };
    }

    private static boolean trainingMode(ModelProto model) {
        for (NodeProto node : model.getGraph().getNodeList()) {
            for (AttributeProto attribute : node.getAttributeList()) {
                if (node.getOpType().equals("BatchNormalization") && attribute.getName().equals("training_mode")
                        && attribute.getI() != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The operator a node test is about: its one non-Constant op type, else "(expanded function)". */
    private static String operatorOf(ModelProto model) {
        TreeSet<String> ops = new TreeSet<>();
        model.getGraph().getNodeList().forEach(n -> ops.add(n.getOpType()));
        if (ops.size() > 1) {
            ops.remove("Constant");
        }
        return ops.size() == 1 ? ops.first() : "(expanded function)";
    }

    private static String summary(List<Outcome> outcomes) {
        Map<String, int[]> byOp = new TreeMap<>();
        for (Outcome o : outcomes) { // sorted: the node tests' operators, then torch-reference/...
            int[] counts = byOp.computeIfAbsent(o.op(), k -> new int[3]);
            counts[o.status().equals("passed") ? 0 : o.status().equals("refused") ? 1 : 2]++;
        }
        StringBuilder text = new StringBuilder("| operator | passed | refused | failed |\n|---|---|---|---|\n");
        int[] total = new int[3];
        byOp.forEach((op, c) -> {
            text.append("| ").append(op).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" | ")
                    .append(c[2]).append(" |\n");
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        });
        text.append("| **all** | ").append(total[0]).append(" | ").append(total[1]).append(" | ").append(total[2])
                .append(" |\n\n");
        for (Outcome o : outcomes) {
            if (!o.status().equals("passed")) {
                text.append("- ").append(o.status()).append(' ').append(o.kase()).append(": ")
                        .append(o.detail().lines().findFirst().orElse("")).append('\n');
            }
        }
        return text.toString();
    }
}
