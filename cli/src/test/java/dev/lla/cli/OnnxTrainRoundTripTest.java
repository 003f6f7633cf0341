package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.Split;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.VectorSpace;
import dev.lla.core.train.CheckpointFiles;
import dev.lla.core.train.OptimizerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code lla train} on an ONNX model: its checkpoints are TorchScript archives that load back,
 * in lla and as models, hold the weights that the same training of the TorchScript twin gives,
 * and a run resumed from them ends where the uninterrupted run ends.
 */
class OnnxTrainRoundTripTest {

    @TempDir Path temp;

    /** What identifies a model's weights and function: names, |w|, w·r for a seeded r, and the loss on a batch. */
    record Weights(String names, double norm, double dotRandom, double loss) {}

    private static CliRun train(String model, Path out, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train",
                "--model", dev.lla.core.TestData.path("models/" + model).toString(),
                "--data", TestData.digitsTrain().toString(), "--batch-size", "256", "--epochs", "2", "--lr", "0.01",
                "--out", out.toString(), "--quiet", "--json"));
        args.addAll(java.util.List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void onnxTrainingWritesCheckpointsThatLoadBackWithTheTrainedWeights() throws Exception {
        Path onnxRun = temp.resolve("onnx");
        Path ptRun = temp.resolve("pt");
        CliRun onnx = train("mlp8x8-trained.onnx", onnxRun);
        CliRun pt = train("mlp8x8-trained.pt", ptRun);
        assertEquals(0, onnx.exitCode(), onnx.transcript());
        assertEquals(0, pt.exitCode(), pt.transcript());
        JsonNode onnxEpochs = new ObjectMapper().readTree(onnx.out()).path("results").path("epochs");
        JsonNode ptEpochs = new ObjectMapper().readTree(pt.out()).path("results").path("epochs");
        assertEquals(3, onnxEpochs.size());
        for (int e = 1; e <= 2; e++) {
            assertClose(ptEpochs.get(e).path("trainLoss").asDouble(), onnxEpochs.get(e).path("trainLoss").asDouble(),
                    "train loss of epoch " + e);
        }

        Batch batch = batch();
        Weights initial = weights(dev.lla.core.TestData.path("models/mlp8x8-trained.pt"), batch);
        Weights epoch0 = weights(onnxRun.resolve(CheckpointFiles.model(0)), batch);
        Weights trained = weights(onnxRun.resolve(CheckpointFiles.model(2)), batch);
        Weights twin = weights(ptRun.resolve(CheckpointFiles.model(2)), batch);
        assertEquals(initial.names(), trained.names(), "the checkpoint keeps the parameter names");
        assertClose(initial.norm(), epoch0.norm(), "epoch 0 is the ONNX model's weights");
        assertClose(initial.dotRandom(), epoch0.dotRandom(), "epoch 0 is the ONNX model's weights");
        assertTrue(Math.abs(trained.norm() - initial.norm()) > 1e-4, "two epochs moved the weights");
        assertClose(twin.norm(), trained.norm(), "|w| after training");
        assertClose(twin.dotRandom(), trained.dotRandom(), "w.r after training");
        assertClose(twin.loss(), trained.loss(), "loss after training");

        // and the checkpoint runs in another command
        CliRun hesd = HesdArgs.tiny(temp.resolve("hesd")).with("--model", onnxRun.resolve(CheckpointFiles.model(2)))
                .run();
        assertEquals(0, hesd.exitCode(), hesd.transcript());
        assertTrue(Files.exists(temp.resolve("hesd/hesd.json")));
    }

    /** --output reaches train: the logits of the four-output graph train as the one-output twin does. */
    @Test
    void outputNameChoosesWhatIsTrained() throws Exception {
        CliRun chosen = train("mlp8x8-multi-output.onnx", temp.resolve("multi"), "--output", "logits");
        CliRun single = train("mlp8x8-trained.onnx", temp.resolve("single"));
        assertEquals(0, chosen.exitCode(), chosen.transcript());
        assertEquals(0, single.exitCode(), single.transcript());
        ObjectMapper json = new ObjectMapper();
        assertEquals("logits", json.readTree(chosen.out()).path("config").path("output").asText());
        assertEquals(json.readTree(single.out()).path("results"), json.readTree(chosen.out()).path("results"));
    }

    /**
     * A run cut after the checkpoint of epoch 1 (the next one cannot be written: a directory holds
     * its name), then resumed with --resume, gives the uninterrupted run's results, final weights
     * and Adam moments exactly. The resumed run starts from a TorchScript checkpoint, which holds
     * the chosen output alone, while its fingerprint is still of the ONNX file and --output.
     */
    @ParameterizedTest
    @CsvSource({
        "mlp8x8-multi-output.onnx, digits8x8, logits",
        // BatchNorm kept: the running statistics must come back from the checkpoint too
        "lenet-bn-trained.onnx, mnist, ",
    })
    void aResumedOnnxRunEndsExactlyAsTheUninterruptedOne(String model, String data, String output) throws Exception {
        Path whole = temp.resolve("whole");
        CliRun uninterrupted = threeEpochs(model, data, output, whole);
        assertEquals(0, uninterrupted.exitCode(), uninterrupted.transcript());

        Path cut = temp.resolve("cut");
        Path blocker = cut.resolve(CheckpointFiles.model(2));
        Files.createDirectories(blocker);
        Files.writeString(blocker.resolve("keeps-the-name-taken"), "");
        CliRun interrupted = threeEpochs(model, data, output, cut);
        assertEquals(1, interrupted.exitCode(), interrupted.transcript());
        assertTrue(interrupted.err().contains("cannot write"), interrupted.transcript());
        assertTrue(Files.exists(cut.resolve(TrainCommand.JOURNAL)), "the cut run keeps its journal");
        Files.delete(blocker.resolve("keeps-the-name-taken"));
        Files.delete(blocker);

        CliRun resumed = threeEpochs(model, data, output, cut, "--resume");
        assertEquals(0, resumed.exitCode(), resumed.transcript());
        ObjectMapper json = new ObjectMapper();
        JsonNode resumedDoc = json.readTree(resumed.out());
        assertEquals(1, resumedDoc.path("cost").path("resumedFromEpoch").asInt(), resumed.out());
        if (output != null) {
            assertEquals(output, resumedDoc.path("config").path("output").asText());
        }
        assertEquals(json.readTree(uninterrupted.out()).path("results"), resumedDoc.path("results"),
                "losses, accuracies and checkpoints of every epoch");

        float[] expected = floats(whole.resolve(CheckpointFiles.model(3)));
        assertTrue(expected.length > 0);
        assertArrayEquals(expected, floats(cut.resolve(CheckpointFiles.model(3))), "final weights");
        String moments = CheckpointFiles.optimizerState(3, OptimizerSettings.Kind.ADAM);
        for (String array : NpzReader.arrayNames(whole.resolve(moments))) {
            assertEquals(NpzReader.read(whole.resolve(moments), array), NpzReader.read(cut.resolve(moments), array),
                    "Adam's " + array);
        }
    }

    /** Three epochs of {@code model} (its {@code output}, unless null) on {@code data}, scored on its test split. */
    private static CliRun threeEpochs(String model, String data, String output, Path out, String... extra) {
        String dir = dev.lla.core.TestData.path(data).toString();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train",
                "--model", dev.lla.core.TestData.path("models/" + model).toString(), "--data", dir,
                "--eval-data", dir, "--eval-split", "test", "--batch-size", "256", "--epochs", "3",
                "--lr", "0.01", "--out", out.toString(), "--quiet", "--json"));
        if (output != null) {
            args.addAll(java.util.List.of("--output", output));
        }
        args.addAll(java.util.List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A checkpoint's parameters, flattened in order. */
    private static float[] floats(Path model) {
        try (TrainableModel<?> loaded = Models.open(model, "cpu")) {
            return loaded.weightsOnHost();
        }
    }


    private static Batch batch() {
        Dataset dataset = DatasetLoader.load(DataRequest.of(TestData.digitsTrain(), Split.TRAIN));
        return dataset.batch(BatchPlan.sequential(dataset.size(), 128, 1), 0);
    }

    private static Weights weights(Path model, Batch batch) {
        try (TrainableModel<?> loaded = Models.open(model, "cpu")) {
            return weightsOf(loaded, batch);
        }
    }

    private static <V> Weights weightsOf(TrainableModel<V> model, Batch batch) {
        VectorSpace<V> space = model.parameterSpace();
        V w = space.zeros();
        V r = space.zeros();
        try {
            model.readWeights(w);
            space.fillRademacher(r, new SplittableRandom(7));
            String names = String.join(",", model.parameters().stream().map(ParameterInfo::name).toList());
            return new Weights(names, space.norm(w), space.dot(w, r), model.evaluate(batch, ModelMode.EVAL).loss());
        } finally {
            space.release(w);
            space.release(r);
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-5 * Math.abs(expected) + 1e-7, what);
    }
}
