package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.data.NpzReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lla train} end to end on the 8×8 digits with the MLP: the files it writes, their
 * agreement with train.json, checkpoints that load in other commands, and one-line errors.
 */
class TrainCommandTest {

    @TempDir Path temp;

    private static final String[] PARAMETERS = {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"};

    private static CliRun train(Path model, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", model.toString(),
                "--data", TestData.digitsTrain().toString(), "--batch-size", "64", "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Path mlpInit() {
        return dev.lla.core.TestData.path("models/mlp8x8-init.pt");
    }

    @Test
    void twoEpochsWriteCheckpointsMomentsAndAConsistentTrainJson() throws Exception {
        Path out = temp.resolve("run");
        CliRun run = train(mlpInit(), out, "--epochs", "2", "--lr", "0.01", "--eval-data",
                TestData.digitsTest().toString(), "--json");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals(doc, new ObjectMapper().readTree(Files.readString(out.resolve("train.json"))));
        assertEquals("train", doc.get("command").asText());
        assertEquals(0.01, doc.get("config").get("lr").asDouble());
        assertTrue(Files.size(out.resolve("train.png")) > 0);
        assertFalse(Files.exists(out.resolve(TrainCommand.JOURNAL)), "the journal is removed at the end");

        JsonNode epochs = doc.get("results").get("epochs");
        assertEquals(3, epochs.size());
        assertTrue(epochs.get(0).get("trainLoss").isNull(), "the initial model has no training loss");
        assertTrue(epochs.get(0).get("moments").isNull());
        for (int e = 1; e <= 2; e++) {
            JsonNode epoch = epochs.get(e);
            assertEquals(e, epoch.get("epoch").asInt());
            assertTrue(epoch.get("trainLoss").asDouble() > 0);
            assertTrue(epoch.get("eval").get("accuracy").asDouble() > 0.5, epoch.toString());
            assertEquals(String.format("checkpoints/epoch-%04d.adam.npz", e), epoch.get("moments").asText());
        }
        assertTrue(epochs.get(2).get("eval").get("loss").asDouble() < epochs.get(0).get("eval").get("loss").asDouble());

        JsonNode checkpoints = doc.get("results").get("checkpoints");
        assertEquals(3, checkpoints.size());
        for (JsonNode c : checkpoints) {
            assertTrue(Files.exists(out.resolve(c.get("model").asText())), c.toString());
        }
        Path moments = out.resolve(checkpoints.get(2).get("moments").asText());
        Set<String> expected = new TreeSet<>(List.of("step"));
        for (String p : PARAMETERS) {
            expected.add("exp_avg/" + p);
            expected.add("exp_avg_sq/" + p);
        }
        assertEquals(expected, new TreeSet<>(NpzReader.arrayNames(moments)));
        // 1500 samples in batches of 64: 23 full ones and a last one of 28, per epoch
        assertEquals(48L, NpzReader.read(moments, "step").getLong(0));
        assertEquals(List.of(32, 64), List.of(NpzReader.read(moments, "exp_avg/fc1.weight").shape()[0],
                NpzReader.read(moments, "exp_avg/fc1.weight").shape()[1]));

        Path last = out.resolve(checkpoints.get(2).get("model").asText());
        CliRun hesd = CliRun.of("hesd", "--model", last.toString(), "--data", TestData.digitsTest().toString(),
                "--nhes", "1", "--iterations", "5", "--top-k", "1", "--trace-samples", "2",
                "--out", temp.resolve("hesd").toString(), "--quiet");
        assertEquals(0, hesd.exitCode(), hesd.transcript());
        CliRun further = train(last, temp.resolve("further"), "--epochs", "1");
        assertEquals(0, further.exitCode(), further.transcript());
    }

    @Test
    void sameSeedSameNumbers() throws Exception {
        JsonNode[] results = new JsonNode[2];
        for (int i = 0; i < 2; i++) {
            Path out = temp.resolve("run" + i);
            assertEquals(0, train(mlpInit(), out, "--epochs", "1", "--seed", "3").exitCode());
            results[i] = new ObjectMapper().readTree(Files.readString(out.resolve("train.json"))).get("results");
        }
        assertEquals(results[0], results[1]);
    }

    @Test
    void trainsOnTheMseLossWhenAsked() throws Exception {
        Path out = temp.resolve("mse");
        CliRun run = train(mlpInit(), out, "--epochs", "2", "--lr", "0.01", "--loss", "mse",
                "--eval-data", TestData.digitsTest().toString());
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(out.resolve("train.json")));
        assertEquals("mse", doc.get("config").get("loss").asText());
        JsonNode epochs = doc.get("results").get("epochs");
        // MSE against one-hot labels over 10 outputs: small numbers, well below cross-entropy's ~2.3
        assertTrue(epochs.get(0).get("eval").get("loss").asDouble() < 0.5, epochs.toString());
        assertTrue(epochs.get(2).get("eval").get("loss").asDouble() < epochs.get(0).get("eval").get("loss").asDouble());
    }

    @Test
    void aNonFiniteLossStopsWithExitThreeAndKeepsWhatCanBeResumed() {
        Path out = temp.resolve("run");
        CliRun run = train(mlpInit(), out, "--epochs", "2", "--optimizer", "sgd", "--lr", "1e30");
        assertEquals(3, run.exitCode(), run.transcript());
        assertEquals(1, run.errLines().size(), run.transcript());
        assertTrue(run.err().startsWith("error: epoch 1, step "), run.transcript());
        assertTrue(run.err().contains("the last checkpoint is of epoch 0"), run.transcript());
        assertTrue(Files.exists(out.resolve("checkpoints/epoch-0000.pt")));
        assertTrue(Files.exists(out.resolve(TrainCommand.JOURNAL)));
        assertFalse(Files.exists(out.resolve("train.json")), "no results of a failed run");

        CliRun other = train(mlpInit(), out, "--epochs", "2", "--optimizer", "sgd", "--lr", "0.1", "--resume");
        assertEquals(2, other.exitCode(), other.transcript());
        assertTrue(other.err().contains("partial results of other inputs or options"), other.transcript());
    }

    @Test
    void resumeWithNothingToResumeIsAUsageError() {
        CliRun run = train(mlpInit(), temp.resolve("empty"), "--epochs", "1", "--resume");
        assertEquals(2, run.exitCode(), run.transcript());
        assertEquals(1, run.errLines().size(), run.transcript());
        assertTrue(run.err().contains("nothing to resume"), run.transcript());
    }

    @Test
    void modelsThatCannotBeTrainedAreOneLineInputErrors() {
        CliRun traced = CliRun.of("train", "--model", dev.lla.core.TestData.path("models/lenet-bn-traced.pt").toString(),
                "--data", TestData.mnist().toString(), "--epochs", "1", "--out", temp.resolve("t").toString(), "-q");
        assertEquals(1, traced.exitCode(), traced.transcript());
        assertEquals(1, traced.errLines().size(), traced.transcript());
        assertTrue(traced.err().contains("a traced model"), traced.transcript());

        CliRun frozen = train(dev.lla.core.TestData.path("models/mlp8x8-frozen.pt"), temp.resolve("f"), "--epochs", "1");
        assertEquals(1, frozen.exitCode(), frozen.transcript());
        assertTrue(frozen.err().contains("no parameters (torch.jit.freeze"), frozen.transcript());
    }

    @Test
    void labelsBeyondTheModelsClassesAreAnInputError() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int row = 0; row < 4; row++) {
            for (int i = 0; i < 64; i++) {
                csv.append("0.5,");
            }
            csv.append(row == 3 ? 12 : row).append('\n');
        }
        Path data = temp.resolve("digits.csv");
        Files.writeString(data, csv);
        CliRun run = CliRun.of("train", "--model", mlpInit().toString(), "--data", data.toString(),
                "--sample-shape", "1,8,8", "--epochs", "1", "--out", temp.resolve("o").toString(), "-q");
        assertEquals(1, run.exitCode(), run.transcript());
        assertTrue(run.err().contains("labels reach 12 but the model outputs 10 classes"), run.transcript());
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        String[][] cases = {
            {"--epochs", "0"}, {"--lr", "-1"}, {"--batches", "3"}, {"--momentum", "0.9"},
            {"--checkpoint-every", "0"}, {"--beta2", "1"}, {"--optimizer", "rmsprop"}
        };
        for (String[] extra : cases) {
            CliRun run = train(mlpInit(), temp.resolve("o"), extra);
            assertEquals(2, run.exitCode(), String.join(" ", extra) + "\n" + run.transcript());
            assertTrue(run.err().startsWith("error: "), run.transcript());
        }
    }
}
