package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.Split;
import dev.lla.core.model.Evaluation;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainingSession;
import dev.lla.core.train.Optimizer;
import dev.lla.core.train.OptimizerSettings;
import dev.lla.core.train.OptimizerState;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three optimizer steps on the initial MLP and a fixed batch, on the device, against
 * torch.optim.Adam and torch.optim.SGD (golden/mlp8x8-optim.npz, written by
 * scripts/make_train_testdata.py): weights after every step and the final optimizer buffers.
 */
class OptimizerGoldenTest {

    private static final double RELATIVE = 1e-5;

    private static OptimizerSettings settings(String run) {
        return switch (run) {
            case "adam" -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.01, 0.9, 0.999, 1e-8, 0, 0);
            case "adamwd" -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.003, 0.8, 0.99, 1e-6, 0.05, 0);
            case "sgd" -> new OptimizerSettings(OptimizerSettings.Kind.SGD, 0.1, 0.9, 0.999, 1e-8, 0.01, 0.9);
            default -> throw new IllegalArgumentException(run);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamwd", "sgd"})
    void threeStepsMatchTorchOptim(String run) {
        Map<String, NpyArray> golden = NpzReader.readAll(TestData.path("golden/mlp8x8-optim.npz"));
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        Batch batch = digits.batch(0, IntStream.range(0, 64).toArray());
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-init.pt"), Device.cpu())) {
            TrainingSession<FlatVector> session = model.startTraining();
            FlatParameterSpace space = (FlatParameterSpace) model.parameterSpace();
            FlatVector w = space.zeros();
            FlatVector g = space.zeros();
            model.readWeights(w);
            try (Optimizer<FlatVector> optimizer = Optimizer.of(settings(run), space, session.elementwise())) {
                for (int step = 1; step <= 3; step++) {
                    Evaluation e = session.gradient(batch, g);
                    optimizer.step(w, g);
                    model.writeWeights(w);
                    assertTrue(Double.isFinite(e.loss()));
                    assertMatches(golden, run + "/step" + step + "/", model, space.toHost(w));
                }
                OptimizerState state = optimizer.state();
                assertEquals(3, state.step());
                state.buffers().forEach((name, values) -> assertMatches(golden, run + "/" + name + "/", model, values));
            }
        }
    }

    /** Each parameter tensor within {@link #RELATIVE} of the golden one, relative to its largest entry. */
    private static void assertMatches(Map<String, NpyArray> golden, String prefix, TorchScriptModel model,
            float[] flat) {
        int offset = 0;
        for (ParameterInfo p : model.parameters()) {
            float[] expected = golden.get(prefix + p.name()).toFloatArray();
            double scale = 0;
            double error = 0;
            for (int i = 0; i < expected.length; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                error = Math.max(error, Math.abs(expected[i] - flat[offset + i]));
            }
            assertTrue(error <= RELATIVE * scale, prefix + p.name() + ": max error " + error + " vs scale " + scale);
            offset += expected.length;
        }
        assertEquals(flat.length, offset);
    }

    @Test
    void goldenHoldsEveryRun() {
        var names = NpzReader.arrayNames(TestData.path("golden/mlp8x8-optim.npz"));
        assertTrue(names.contains("adam/exp_avg_sq/fc2.bias") && names.contains("sgd/momentum_buffer/fc1.weight"));
    }
}
