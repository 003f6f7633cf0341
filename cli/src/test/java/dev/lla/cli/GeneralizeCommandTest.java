package dev.lla.cli;

import static dev.lla.cli.CliAssertions.INPUT_ERROR;
import static dev.lla.cli.CliAssertions.USAGE_ERROR;
import static dev.lla.cli.CliAssertions.assertCleanFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.NpzDatasetReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lla generalize} on a hand-made checkpoint series of the bundled LeNet (random init as
 * epoch 0, trained as epoch 10), with the MNIST slice as A and the 8×8 digits resized to 28×28 as
 * B: its JSON contract, its agreement with {@code lla criteria}, and its one-line errors.
 */
class GeneralizeCommandTest {

    private static final Path INIT = dev.lla.core.TestData.path("models/lenet-bn-init.pt");
    private static final Path TRAINED = dev.lla.core.TestData.path("models/lenet-bn-trained.pt");
    private static final List<String> SMALL = List.of("--nhes", "2", "--iterations", "10", "--batches", "1",
            "--batch-size", "64", "--quiet");

    @TempDir Path temp;
    private Path series;

    @BeforeEach
    void handMadeSeries() throws IOException {
        series = temp.resolve("series");
        Files.createDirectories(series.resolve("checkpoints"));
        Files.copy(INIT, series.resolve("checkpoints/epoch-0000.pt"));
        Files.copy(TRAINED, series.resolve("checkpoints/epoch-0010.pt"));
        Files.write(series.resolve("checkpoints/epoch-0010.adam.npz"), new byte[] {0}); // not a model: ignored
    }

    private CliRun generalize(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("generalize", "--data", TestData.mnist().toString(),
                "--split", "test", "--out", out.toString()));
        args.addAll(SMALL);
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private String[] digitsTarget(String... extra) {
        List<String> args = new ArrayList<>(List.of("--target", TestData.digitsTest().toString(),
                "--target-resize", "28x28", "--target-name", "digits"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void seriesDirectoryGivesCellsDeltasAndFigures() throws IOException {
        Path out = temp.resolve("out");
        CliRun run = generalize(out, concat(digitsTarget(), "--series", series.toString(), "--json"));
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals("generalize", doc.path("command").asText());
        JsonNode results = doc.path("results");
        assertEquals(2, results.path("checkpoints").size());
        assertEquals(10, results.path("checkpoints").get(1).path("epoch").asInt());
        JsonNode cells = results.path("cells");
        assertEquals(4, cells.size(), "2 checkpoints × 2 datasets");
        JsonNode trainedA = cells.get(2);
        JsonNode trainedB = cells.get(3);
        assertEquals("mnist", trainedA.path("dataset").asText());
        assertEquals("digits", trainedB.path("dataset").asText());
        assertEquals(1000, trainedA.path("samples").asInt(), "auto evaluates the whole 1000-sample split");
        assertEquals(297, trainedB.path("samples").asInt());
        assertTrue(trainedA.path("accuracy").asDouble() > 0.9, "the trained LeNet reads MNIST");
        assertEquals(2, trainedA.path("kh").path("0.5").path("values").size(), "1 batch × 2 runs");
        JsonNode delta = results.path("deltas").path("digits").get(1);
        assertEquals(trainedB.path("accuracy").asDouble() - trainedA.path("accuracy").asDouble(),
                delta.path("accuracy").asDouble(), 1e-12);
        assertEquals(trainedB.path("kh").path("0.5").path("mean").asDouble()
                - trainedA.path("kh").path("0.5").path("mean").asDouble(), delta.path("kh05").asDouble(), 1e-12);
        JsonNode pearson = results.path("correlations").path("digits").path("KH0.5").path("pearson");
        assertTrue(pearson.path("value").isNull(), "2 checkpoints give no correlation: " + pearson);
        assertTrue(pearson.path("undefined").asText().contains("fewer than 3"), pearson.toString());
        JsonNode config = doc.path("config");
        assertEquals("resize 28x28", config.path("targets").get(0).path("transforms").asText().substring(0, 12));
        assertEquals(3, doc.path("provenance").path("data").size(), "the MNIST IDX pair and the digits");
        assertEquals(2, doc.path("provenance").path("model").size());
        assertEquals(64, doc.path("provenance").path("model").get(1).path("sha256").asText().length());
        for (String file : List.of("generalize.json", "generalize.md", "generalize-accuracy.png",
                "generalize-kh05.png", "generalize-scatter.png")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertTrue(Files.notExists(out.resolve("generalize.partial.json")), "journal removed after success");
        assertTrue(Files.readString(out.resolve("generalize.md")).contains("| epoch 10 "));
    }

    @Test
    void theSeriesOfLlaTrain() throws IOException {
        Path trained = temp.resolve("trained");
        CliRun train = CliRun.of("train", "--model", dev.lla.core.TestData.path("models/mlp8x8-init.pt").toString(),
                "--data", TestData.digitsTrain().toString(), "--epochs", "2", "--batch-size", "64", "--out",
                trained.toString(), "--quiet");
        assertEquals(0, train.exitCode(), train.transcript());
        CliRun run = CliRun.of("generalize", "--series", trained.toString(), "--data", TestData.digitsTrain().toString(),
                "--data-name", "train", "--target", TestData.digitsTest().toString(), "--target-name", "test",
                "--nhes", "2", "--iterations", "8", "--batch-size", "64", "--eval-batches", "2", "--json", "--quiet",
                "--out", temp.resolve("out").toString());
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode results = new ObjectMapper().readTree(run.out()).path("results");
        assertEquals(List.of(0, 1, 2), StreamSupport.stream(results.path("checkpoints").spliterator(), false)
                .map(c -> c.path("epoch").asInt()).toList(), "epochs from train.json");
        assertEquals(128, results.path("cells").get(0).path("samples").asInt(), "--eval-batches 2 × 64");
        assertEquals(3, results.path("deltas").path("test").size());
        assertEquals(3, results.path("correlations").path("test").path("KH0.5").path("pearson").path("n").asInt());
    }

    @Test
    void datasetANumbersAreThoseOfLlaCriteria() throws IOException {
        CliRun run = generalize(temp.resolve("g"), concat(digitsTarget(), "--models", TRAINED.toString(), "--json",
                "--seed", "3"));
        assertEquals(0, run.exitCode(), run.transcript());
        List<String> args = new ArrayList<>(List.of("criteria", "--model", TRAINED.toString(), "--data",
                TestData.mnist().toString(), "--split", "test", "--seed", "3", "--json", "--out",
                temp.resolve("c").toString()));
        args.addAll(SMALL);
        CliRun criteria = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, criteria.exitCode(), criteria.transcript());
        ObjectMapper json = new ObjectMapper();
        JsonNode cellA = json.readTree(run.out()).path("results").path("cells").get(0);
        JsonNode direct = json.readTree(criteria.out()).path("results");
        assertEquals(direct.path("kh").path("0.5").path("values"), cellA.path("kh").path("0.5").path("values"));
        assertEquals(direct.path("re").path("values"), cellA.path("re").path("values"));
    }

    @Test
    void threeCheckpointsGiveCorrelationsAndTrainJsonListsTheSeries() throws IOException {
        CliRun run = generalize(temp.resolve("out"), concat(digitsTarget(), "--models",
                INIT + "," + TRAINED + "," + TRAINED, "--json"));
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode kh = new ObjectMapper().readTree(run.out()).path("results").path("correlations").path("digits")
                .path("KH0.5");
        assertEquals(3, kh.path("pearson").path("n").asInt());
        // two distinct points (init, trained twice): the coefficient is exactly ±1
        assertEquals(1, Math.abs(kh.path("pearson").path("value").asDouble()), 1e-9);
        assertEquals(1, Math.abs(kh.path("spearman").path("value").asDouble()), 1e-9);

        Files.writeString(series.resolve("train.json"), "{\"results\": {\"checkpoints\": [{\"epoch\": 10,"
                + " \"model\": \"checkpoints/epoch-0010.pt\", \"moments\": \"checkpoints/epoch-0010.adam.npz\"}]}}");
        CliRun listed = generalize(temp.resolve("listed"), concat(digitsTarget(), "--series", series.toString(),
                "--json"));
        assertEquals(0, listed.exitCode(), listed.transcript());
        assertEquals(1, new ObjectMapper().readTree(listed.out()).path("results").path("checkpoints").size());
    }

    @Test
    void aTargetWithANonFiniteLossGivesUndefinedCriteriaNotACrash() throws IOException {
        // pixels scaled to 1e38 overflow the trained LeNet's logits: the loss is NaN there
        CliRun run = generalize(temp.resolve("out"), concat(digitsTarget("--target-scale", "0,1e38"), "--models",
                TRAINED.toString(), "--json"));
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode results = new ObjectMapper().readTree(run.out()).path("results");
        JsonNode b = results.path("cells").get(1);
        assertTrue(b.path("loss").isNull(), b.toString());
        assertTrue(b.path("kh").path("0.5").path("mean").isNull(), b.toString());
        assertTrue(b.path("criteriaUndefined").asText().contains("loss is NaN"), b.toString());
        assertTrue(results.path("deltas").path("digits").get(0).path("kh05").isNull());
        assertTrue(results.path("cells").get(0).path("criteriaUndefined").isNull(), "A is fine");
    }

    @Test
    void labelMapOntoAsClasses() throws IOException {
        Path folder = threeClassFolder();
        CliRun run = generalize(temp.resolve("out"), "--models", TRAINED.toString(), "--target", folder.toString(),
                "--target-resize", "28", "--target-label-map", "0=0,1=1,2=2", "--target-name", "three", "--json");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals("0=0,1=1,2=2", doc.path("config").path("targets").get(0).path("labelMap").asText());
        JsonNode three = doc.path("results").path("datasets").get(1);
        assertEquals(3 * 297 / 10, three.path("samples").asInt(), 10, "the digits 0, 1 and 2");
        assertTrue(doc.path("results").path("cells").get(1).path("accuracy").asDouble() > 0,
                "labels 0..2 of the folder are the model's classes 0..2");
    }

    @Test
    void classCountsThatDoNotMatch() throws IOException {
        Path out = temp.resolve("out");
        CliRun run = generalize(out, "--models", TRAINED.toString(), "--target", threeClassFolder().toString(),
                "--target-resize", "28", "--target-name", "three");
        assertCleanFailure(run, INPUT_ERROR, out, "target three has 3 classes but dataset A (mnist) has 10",
                "--target-label-map");
    }

    @Test
    void aLabelMapMissingAClass() throws IOException {
        Path out = temp.resolve("out");
        CliRun run = generalize(out, "--models", TRAINED.toString(), "--target", threeClassFolder().toString(),
                "--target-resize", "28", "--target-label-map", "0=0,1=1", "--target-name", "three");
        assertCleanFailure(run, INPUT_ERROR, out, "no entry for class 2");
    }

    @Test
    void anEmptyCheckpointDirectory() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty/checkpoints")).getParent();
        Path out = temp.resolve("out");
        assertCleanFailure(generalize(out, concat(digitsTarget(), "--series", empty.toString())), INPUT_ERROR, out,
                "no checkpoints");
    }

    @Test
    void shapesTheTransformsDoNotReconcile() {
        Path out = temp.resolve("out");
        CliRun run = generalize(out, "--series", series.toString(), "--target", TestData.digitsTest().toString(),
                "--target-pad", "2");
        assertCleanFailure(run, INPUT_ERROR, out, "digits8x8/test.npz", "1×12×12", "1×28×28");
    }

    @Test
    void seriesAndModelsExcludeEachOtherAndOneIsNeeded() {
        Path out = temp.resolve("out");
        assertCleanFailure(generalize(out, concat(digitsTarget(), "--series", series.toString(), "--models",
                TRAINED.toString())), USAGE_ERROR, out, "exclude each other");
        assertCleanFailure(generalize(out, digitsTarget()), USAGE_ERROR, out, "--series DIR");
        assertCleanFailure(generalize(out, "--series", series.toString()), USAGE_ERROR, out, "--target");
        assertCleanFailure(generalize(out, concat(digitsTarget("--target-label-map", "0:0"), "--series",
                series.toString())), USAGE_ERROR, out, "--target-label-map 0:0");
        assertCleanFailure(generalize(out, concat(digitsTarget(), "--series", series.toString(), "--eval-batches",
                "x")), USAGE_ERROR, out, "--eval-batches x");
    }

    @Test
    void aJournalOfOtherOptionsIsRefused() throws IOException {
        Path out = Files.createDirectories(temp.resolve("out"));
        Files.writeString(out.resolve("generalize.partial.json"),
                "{\"fingerprint\": \"other\", \"evaluations\": [], \"hessians\": []}");
        CliRun run = generalize(out, concat(digitsTarget(), "--series", series.toString(), "--resume"));
        assertEquals(USAGE_ERROR, run.exitCode(), run.transcript());
        assertTrue(run.err().contains("partial results of other inputs or options"), run.transcript());
    }

    /** The 8×8 digits of classes 0, 1 and 2 as a folder of grayscale PNGs, one subfolder per class. */
    private Path threeClassFolder() throws IOException {
        Dataset digits = NpzDatasetReader.read(TestData.digitsTest(), "x", "y");
        Path folder = temp.resolve("three");
        for (int i = 0; i < digits.size(); i++) {
            if (digits.label(i) > 2) {
                continue;
            }
            float[] sample = digits.sample(i);
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    image.getRaster().setSample(c, r, 0, Math.round(sample[r * 8 + c] * 255f));
                }
            }
            Path file = folder.resolve(digits.label(i) + "/" + i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        }
        return folder;
    }
}
