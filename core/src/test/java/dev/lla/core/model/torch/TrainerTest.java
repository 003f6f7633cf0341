package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.lla.core.LlaException;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.train.Checkpoint;
import dev.lla.core.train.EpochRecord;
import dev.lla.core.train.OptimizerSettings;
import dev.lla.core.train.OptimizerState;
import dev.lla.core.train.OptimizerStateFile;
import dev.lla.core.train.TrainConfig;
import dev.lla.core.train.TrainStart;
import dev.lla.core.train.Trainer;
import dev.lla.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on real models: checkpoints hold the trained weights and updated BatchNorm statistics,
 * a run resumed from a checkpoint ends exactly where the uninterrupted one does, and models that
 * cannot be trained faithfully are refused.
 */
class TrainerTest {

    @TempDir Path dir;

    private static final OptimizerSettings ADAM =
            new OptimizerSettings(OptimizerSettings.Kind.ADAM, 1e-3, 0.9, 0.999, 1e-8, 0, 0);

    /** The first {@code n} MNIST training digits (a small, quick training set). */
    private static Dataset mnist(int n, Split split) {
        Dataset all = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), split));
        Batch first = all.batch(0, IntStream.range(0, n).toArray());
        return new Dataset(first.pixels(), first.sampleShape(), first.labels(), "mnist slice", all.files());
    }

    private static List<Batch> evalBatches(Dataset data) {
        return List.of(data.batch(0, IntStream.range(0, data.size()).toArray()));
    }

    /** Keeps every checkpoint in memory. */
    private static final class Recorder implements TrainingListener {
        final List<Checkpoint> checkpoints = new ArrayList<>();
        final List<EpochRecord> epochs = new ArrayList<>();

        @Override
        public void epochFinished(EpochRecord epoch) {
            epochs.add(epoch);
        }

        @Override
        public void checkpoint(Checkpoint checkpoint, List<EpochRecord> soFar) {
            checkpoints.add(checkpoint);
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static float[] weights(TorchScriptModel model) {
        FlatParameterSpace space = (FlatParameterSpace) model.parameterSpace();
        FlatVector w = space.zeros();
        model.readWeights(w);
        float[] host = space.toHost(w);
        space.release(w);
        return host;
    }

    @Test
    void resumedFromACheckpointEndsExactlyAsTheUninterruptedRun() throws IOException {
        Dataset train = mnist(300, Split.TRAIN);
        List<Batch> eval = evalBatches(mnist(100, Split.TEST));
        TrainConfig config = new TrainConfig(4, 64, 7, 2, ADAM);
        Path init = TestData.path("models/lenet-bn-init.pt");

        Recorder whole = new Recorder();
        float[] uninterrupted;
        try (TorchScriptModel model = TorchScriptModel.load(init, Device.cpu())) {
            List<EpochRecord> epochs = new Trainer(config, ProgressListener.NONE, whole).run(model, train, eval,
                    TrainStart.fresh());
            assertEquals(5, epochs.size());
            uninterrupted = weights(model);
        }
        assertEquals(List.of(0, 2, 4), whole.checkpoints.stream().map(Checkpoint::epoch).toList());

        // Resume from epoch 2 as the command line does: the model file and the NPZ state, read back.
        Checkpoint second = whole.checkpoints.get(1);
        Path model2 = write("epoch-0002.pt", second.model());
        Recorder rest = new Recorder();
        try (TorchScriptModel model = TorchScriptModel.load(model2, Device.cpu())) {
            Path npz = write("epoch-0002.adam.npz", OptimizerStateFile.toNpz(second.optimizerState(), model.parameters()));
            OptimizerState state = OptimizerStateFile.read(npz, OptimizerSettings.Kind.ADAM, model.parameters());
            List<EpochRecord> epochs = new Trainer(config, ProgressListener.NONE, rest).run(model, train, eval,
                    new TrainStart(2, state, whole.epochs.subList(0, 3)));
            assertEquals(5, epochs.size());
            assertArrayEquals(uninterrupted, weights(model));
            for (int e = 3; e <= 4; e++) {
                assertEquals(whole.epochs.get(e).trainLoss(), epochs.get(e).trainLoss(), 0, "epoch " + e);
                assertEquals(whole.epochs.get(e).eval(), epochs.get(e).eval(), "epoch " + e);
            }
        }
        assertArrayEquals(whole.checkpoints.get(2).optimizerState().buffers().get("exp_avg"),
                rest.checkpoints.get(0).optimizerState().buffers().get("exp_avg"));
        assertEquals(whole.checkpoints.get(2).optimizerState().step(), rest.checkpoints.get(0).optimizerState().step());
        assertEquals(4 * 5, rest.checkpoints.get(0).optimizerState().step(), "4 epochs of 300/64 -> 5 steps");
    }

    @Test
    void checkpointHoldsTheTrainedWeightsAndUpdatedBatchNormStatistics() throws IOException {
        Dataset train = mnist(256, Split.TRAIN);
        List<Batch> eval = evalBatches(mnist(100, Split.TEST));
        Path init = TestData.path("models/lenet-bn-init.pt");
        Recorder recorder = new Recorder();
        float[] trained;
        double trainedEvalLoss;
        try (TorchScriptModel model = TorchScriptModel.load(init, Device.cpu())) {
            List<EpochRecord> epochs = new Trainer(new TrainConfig(1, 64, 1, 1, ADAM), ProgressListener.NONE, recorder)
                    .run(model, train, eval, TrainStart.fresh());
            trained = weights(model);
            trainedEvalLoss = model.evaluate(eval.get(0), ModelMode.EVAL).loss();
            assertEquals(epochs.get(1).eval().loss(), trainedEvalLoss, 0);
        }
        Path checkpoint = write("epoch-0001.pt", recorder.checkpoints.get(1).model());
        try (TorchScriptModel loaded = TorchScriptModel.load(checkpoint, Device.cpu())) {
            assertArrayEquals(trained, weights(loaded), "checkpoint parameters = in-memory trained ones");
            assertEquals(trainedEvalLoss, loaded.evaluate(eval.get(0), ModelMode.EVAL).loss(), 0);
        }
        // The same weights with the initial running statistics evaluate differently: the
        // checkpoint's statistics were updated by training.
        try (TorchScriptModel initial = TorchScriptModel.load(init, Device.cpu())) {
            FlatParameterSpace space = (FlatParameterSpace) initial.parameterSpace();
            FlatVector w = space.fromHost(trained);
            initial.writeWeights(w);
            double withInitialStatistics = initial.evaluate(eval.get(0), ModelMode.EVAL).loss();
            assertNotEquals(trainedEvalLoss, withInitialStatistics);
            Path file = write("initial-stats.pt", initial.serialized());
            var trainedTensors = BatchNormRestoreTest.tensors(Files.readAllBytes(checkpoint));
            var initialTensors = BatchNormRestoreTest.tensors(Files.readAllBytes(file));
            long differing = trainedTensors.keySet().stream()
                    .filter(k -> !Arrays.equals(trainedTensors.get(k), initialTensors.get(k))).count();
            assertEquals(6, differing, "running_mean, running_var, num_batches_tracked of bn1 and bn2");
        }
    }

    @Test
    void trainingLowersTheLossOfTheMlp() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        Dataset test = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/test.npz"), Split.TEST));
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-init.pt"), Device.cpu())) {
            List<EpochRecord> epochs = new Trainer(new TrainConfig(5, 32, 0, 5, new OptimizerSettings(
                    OptimizerSettings.Kind.ADAM, 1e-2, 0.9, 0.999, 1e-8, 0, 0)), ProgressListener.NONE, new Recorder())
                    .run(model, digits, evalBatches(test), TrainStart.fresh());
            assertTrue(Double.isNaN(epochs.get(0).trainLoss()));
            assertTrue(epochs.get(0).eval().accuracy() < 0.2, "untrained: about chance");
            assertTrue(epochs.get(5).eval().accuracy() > 0.85, "trained: " + epochs.get(5).eval());
            assertTrue(epochs.get(5).trainLoss() < epochs.get(1).trainLoss());
        }
    }

    /** Steps and checkpoints leave no arrays behind: the trainer's and optimizer's vectors are its only ones. */
    @Test
    void trainingLeavesNoArraysBehind() {
        Dataset train = mnist(256, Split.TRAIN);
        List<Batch> eval = evalBatches(mnist(64, Split.TEST));
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/lenet-bn-init.pt"), Device.cpu())) {
            int atStart = model.liveArrays();
            new Trainer(new TrainConfig(1, 64, 0, 1, ADAM), ProgressListener.NONE, new Recorder())
                    .run(model, train, eval, TrainStart.fresh());
            int afterOne = model.liveArrays();
            new Trainer(new TrainConfig(3, 16, 0, 1, ADAM), ProgressListener.NONE, new Recorder())
                    .run(model, train, eval, TrainStart.fresh());
            assertEquals(afterOne, model.liveArrays(), "3 epochs of 16 steps leave what 1 epoch of 4 left");
            assertTrue(afterOne - atStart <= 2, "at most the cached evaluation batch: " + (afterOne - atStart));
        }
    }

    @Test
    void aTracedModelWhoseBatchNormModeIsFixedIsRefused() {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/lenet-bn-traced.pt"), Device.cpu())) {
            LlaException e = assertThrows(LlaException.class, model::startTraining);
            assertEquals(LlaException.Kind.INPUT, e.kind());
            assertTrue(e.getMessage().contains("a traced model: torch.batch_norm runs with training=False"), e.getMessage());
            assertTrue(e.getMessage().contains("torch.jit.script"), e.getMessage());
        }
    }

    /** A traced model without BatchNorm or dropout has nothing mode-dependent: it trains as the scripted one. */
    @Test
    void aTracedMlpTrainsExactlyAsTheScriptedOne() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        TrainConfig config = new TrainConfig(1, 128, 3, 1, ADAM);
        float[][] result = new float[2][];
        String[] files = {"models/mlp8x8-init.pt", "models/mlp8x8-traced.pt"};
        for (int i = 0; i < 2; i++) {
            try (TorchScriptModel model = TorchScriptModel.load(TestData.path(files[i]), Device.cpu())) {
                new Trainer(config, ProgressListener.NONE, new Recorder()).run(model, digits, List.of(), TrainStart.fresh());
                result[i] = weights(model);
            }
        }
        assertArrayEquals(result[0], result[1]);
    }

    @Test
    void aFrozenModelHasNoParametersToTrain() {
        LlaException e = assertThrows(LlaException.class,
                () -> TorchScriptModel.load(TestData.path("models/mlp8x8-frozen.pt"), Device.cpu()));
        assertEquals(LlaException.Kind.INPUT, e.kind());
        assertTrue(e.getMessage().contains("no parameters (torch.jit.freeze"), e.getMessage());
    }

    @Test
    void aNonFiniteLossStopsTrainingAfterTheLastGoodCheckpoint() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        Recorder recorder = new Recorder();
        // A learning rate of 1e30 sends the weights to infinity in the first steps.
        TrainConfig config = new TrainConfig(3, 128, 0, 1, new OptimizerSettings(
                OptimizerSettings.Kind.SGD, 1e30, 0.9, 0.999, 1e-8, 0, 0));
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-init.pt"), Device.cpu())) {
            LlaException e = assertThrows(LlaException.class, () -> new Trainer(config, ProgressListener.NONE, recorder)
                    .run(model, digits, List.of(), TrainStart.fresh()));
            assertEquals(LlaException.Kind.NUMERICAL, e.kind());
            assertTrue(e.getMessage().contains("the training loss is"), e.getMessage());
            assertTrue(e.getMessage().contains("the last checkpoint is of epoch 0"), e.getMessage());
        }
        assertEquals(1, recorder.checkpoints.size());
    }
}
