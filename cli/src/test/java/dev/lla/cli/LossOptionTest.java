package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --loss}: every analysis command computes the chosen loss and records it in the config. On
 * the whole digits training split the values equal those PyTorch computed when it made the model
 * ({@code models/manifest.json}: {@code F.mse_loss} on one-hot labels and {@code F.cross_entropy}).
 */
class LossOptionTest {

    @TempDir Path temp;

    private static JsonNode manifestTrain;

    @BeforeAll
    static void readManifest() throws IOException {
        manifestTrain = new ObjectMapper().readTree(dev.lla.core.TestData.path("models/manifest.json").toFile())
                .get("models").get("linear8x8-mse.pt").get("train");
    }

    private JsonNode hesdOnTheWholeSplit(String... loss) throws IOException {
        HesdArgs args = HesdArgs.tiny(temp.resolve("out")).with("--model", TestData.linearMse())
                .with("--batch-size", "1500").flag("--sequential").flag("--quiet");
        if (loss.length > 0) {
            args.with("--loss", loss[0]);
        }
        CliRun run = args.run();
        assertEquals(0, run.exitCode(), run.transcript());
        return new ObjectMapper().readTree(Files.readString(temp.resolve("out/hesd.json")));
    }

    @Test
    void mseIsTorchsMeanSquaredErrorOnOneHotLabels() throws IOException {
        JsonNode doc = hesdOnTheWholeSplit("MSE");
        assertEquals("mse", doc.get("config").get("loss").asText());
        JsonNode batch = doc.get("results").get("batches").get(0);
        double expected = manifestTrain.get("mse").asDouble();
        assertEquals(expected, batch.get("loss").asDouble(), 1e-5 * expected);
        assertEquals(manifestTrain.get("accuracy").asDouble(), batch.get("accuracy").asDouble(), 0);
    }

    @Test
    void crossEntropyStaysTheDefault() throws IOException {
        JsonNode doc = hesdOnTheWholeSplit();
        assertEquals("cross-entropy", doc.get("config").get("loss").asText());
        double expected = manifestTrain.get("loss").asDouble();
        assertEquals(expected, doc.get("results").get("batches").get(0).get("loss").asDouble(), 1e-5 * expected);
    }

    @Test
    void landscapeAndCriteriaUseTheChosenLoss() throws IOException {
        Path out = temp.resolve("landscape");
        CliRun run = CliRun.of("landscape", "--model", TestData.linearMse().toString(), "--data",
                TestData.digitsTrain().toString(), "--batch-size", "1500", "--sequential", "--dims", "1", "--steps", "2",
                "--loss", "mse", "--out", out.toString(), "--quiet");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(out.resolve("landscape.json")));
        assertEquals("mse", doc.get("config").get("loss").asText());
        double expected = manifestTrain.get("mse").asDouble();
        assertEquals(expected, doc.get("results").get("originLoss").asDouble(), 1e-5 * expected);

        Path criteria = temp.resolve("criteria");
        run = CliRun.of("criteria", "--model", TestData.linearMse().toString(), "--data",
                TestData.digitsTrain().toString(), "--batch-size", "64", "--nhes", "1", "--iterations", "5",
                "--loss", "mse", "--out", criteria.toString(), "--quiet");
        assertEquals(0, run.exitCode(), run.transcript());
        doc = new ObjectMapper().readTree(Files.readString(criteria.resolve("criteria.json")));
        assertEquals("mse", doc.get("config").get("loss").asText());
    }
}
