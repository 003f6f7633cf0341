package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.landscape.DirectionsFile;
import dev.lla.core.model.ParameterInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lla landscape} with Adam, adameq, model-interpolation and saved axes: what the JSON and
 * {@code directions.npz} say, bit-identical reuse, and one-line errors for contradictions and
 * files that do not fit.
 */
class LandscapeAxesCommandTest {

    @TempDir Path temp;

    private static Path golden(String name) {
        return dev.lla.core.TestData.path("golden/" + name);
    }

    private static Path model(String name) {
        return dev.lla.core.TestData.path("models/" + name);
    }

    private static CliRun landscape(Path modelFile, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("landscape", "--model", modelFile.toString(),
                "--data", TestData.digitsTrain().toString(), "--batch-size", "64", "--sequential",
                "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static JsonNode document(Path out) throws IOException {
        return new ObjectMapper().readTree(Files.readString(out.resolve("landscape.json")));
    }

    @Test
    void adamAxesRecordTheMomentsAndSaveTheNormalizedDirections() throws IOException {
        Path out = temp.resolve("adam");
        CliRun run = landscape(model("mlp8x8-init.pt"), out, "--axes", "adam", "--moments",
                golden("mlp8x8-adam5.adam.npz").toString(), "--steps", "2");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = document(out);
        JsonNode d = doc.get("results").get("directions");
        assertEquals("adam", d.get("kind").asText());
        assertEquals("filter", d.get("normalization").asText());
        assertEquals("centred", d.get("coordinates").asText());
        assertEquals(5, d.get("adamStep").asInt());
        assertTrue(d.get("moments").asText().endsWith("mlp8x8-adam5.adam.npz"));
        JsonNode files = doc.get("provenance").get("model");
        assertEquals(2, files.size());
        assertEquals(64, files.get(1).get("sha256").asText().length());
        assertTrue(files.get(1).get("path").asText().endsWith("mlp8x8-adam5.adam.npz"));
        assertTrue(Files.exists(out.resolve("directions.npz")));
        assertTrue(Files.exists(out.resolve("landscape-surface.png")));
    }

    @Test
    void adameqGridHasLlasCoordinatesAndExplodesRelativeToTheOrigin() throws IOException {
        Path out = temp.resolve("adameq");
        CliRun run = landscape(model("mlp8x8-init.pt"), out, "--axes", "adam", "--moments",
                golden("mlp8x8-adam5.adam.npz").toString(), "--update", "adameq", "--steps", "4");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode r = document(out).get("results");
        assertEquals("[-1.0,-0.5,0.0,0.5]", r.get("x").toString());
        assertEquals(4, r.get("y").size());
        assertEquals(0.1, r.get("y").get(0).asDouble(), 1e-15);
        assertEquals(1.6, r.get("y").get(3).asDouble(), 1e-15);
        assertEquals(r.get("originLoss").asDouble(), r.get("loss").get(2).get(3).asDouble(), 0);
        assertTrue(r.get("explosion").get("detected").asBoolean());
        assertEquals("adameq", r.get("directions").get("update").asText());
        assertEquals("none", r.get("directions").get("normalization").asText());
        assertEquals(1, r.get("directions").get("norms").size());
    }

    @Test
    void modelAxesStartAtTheModelAndReuseKeepsTheirCoordinates() throws IOException {
        Path out = temp.resolve("models");
        CliRun run = landscape(model("mlp8x8-init.pt"), out, "--axes", "models", "--to",
                model("mlp8x8-trained.pt") + "," + golden("mlp8x8-adam5.pt"), "--steps", "2", "--dist", "2");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = document(out);
        JsonNode r = doc.get("results");
        assertEquals("[0.0,1.0,2.0]", r.get("x").toString());
        assertEquals(r.get("originLoss").asDouble(), r.get("loss").get(0).get(0).asDouble(), 0);
        assertEquals("from-origin", r.get("directions").get("coordinates").asText());
        assertEquals(2, r.get("directions").get("checkpoints").size());
        assertEquals(3, doc.get("provenance").get("model").size());

        Path again = temp.resolve("again");
        CliRun reuse = landscape(model("mlp8x8-init.pt"), again, "--directions", out.resolve("directions.npz").toString(),
                "--steps", "2", "--dist", "2");
        assertEquals(0, reuse.exitCode(), reuse.transcript());
        JsonNode r2 = document(again).get("results");
        assertEquals("file", r2.get("directions").get("kind").asText());
        assertEquals("models", r2.get("directions").get("fileKind").asText());
        assertEquals(r.get("x"), r2.get("x"));
        assertEquals(r.get("loss"), r2.get("loss"));
    }

    /** Random directions saved by one run and reused by the next give the same grid, bit for bit. */
    @Test
    void savedDirectionsReusedOnTheSameModelGiveABitIdenticalGrid() throws IOException {
        Path first = temp.resolve("first");
        CliRun run = landscape(TestData.mlp(), first, "--steps", "4", "--seed", "7", "--normalization", "layer");
        assertEquals(0, run.exitCode(), run.transcript());
        Path second = temp.resolve("second");
        CliRun reuse = landscape(TestData.mlp(), second, "--steps", "4", "--directions",
                first.resolve("directions.npz").toString());
        assertEquals(0, reuse.exitCode(), reuse.transcript());
        JsonNode a = document(first).get("results");
        JsonNode b = document(second).get("results");
        assertEquals(a.get("loss"), b.get("loss"));
        assertEquals(a.get("accuracy"), b.get("accuracy"));
        assertEquals(a.get("directions").get("norms"), b.get("directions").get("norms"));
        assertEquals("none", b.get("directions").get("normalization").asText());
        assertEquals("random", b.get("directions").get("fileKind").asText());
    }

    @Test
    void contradictoryAxisOptionsAreOneLineUsageErrors() {
        Path out = temp.resolve("out");
        String moments = golden("mlp8x8-adam5.adam.npz").toString();
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--update", "adameq"),
                CliAssertions.USAGE_ERROR, out, "--update adameq needs --axes adam");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--moments", moments),
                CliAssertions.USAGE_ERROR, out, "--moments needs --axes adam");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--to", TestData.mlp().toString()),
                CliAssertions.USAGE_ERROR, out, "--to needs --axes models");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--axes", "models", "--to", TestData.mlp().toString()),
                CliAssertions.USAGE_ERROR, out, "--dims 2 needs 2 checkpoint(s)", "--dims 1");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--axes", "models", "--dims", "1", "--to",
                TestData.mlp() + "," + TestData.mlp()), CliAssertions.USAGE_ERROR, out, "--dims 1 needs 1 checkpoint(s)");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--axes", "adam", "--moments", moments,
                "--update", "adameq", "--dims", "1"), CliAssertions.USAGE_ERROR, out, "drop --dims 1");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--axes", "adam", "--moments", moments,
                "--update", "adameq", "--normalization", "filter"), CliAssertions.USAGE_ERROR, out, "--normalization");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--directions", moments, "--axes", "hessian"),
                CliAssertions.USAGE_ERROR, out, "drop --axes");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--directions", moments, "--hessian-pair", "top2"),
                CliAssertions.USAGE_ERROR, out, "drop --hessian-pair");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--directions", moments, "--moments", moments),
                CliAssertions.USAGE_ERROR, out, "drop --moments");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--update", "sgd"),
                CliAssertions.USAGE_ERROR, out, "--update takes linear or adameq");
    }

    @Test
    void axisFilesThatDoNotFitTheModelAreOneLineInputErrors() throws IOException {
        Path out = temp.resolve("out");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--axes", "adam", "--moments",
                temp.resolve("missing.adam.npz").toString()), CliAssertions.INPUT_ERROR, out, "no such file");
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--axes", "models", "--dims", "1", "--to",
                model("lenet-bn-trained.pt").toString()), CliAssertions.INPUT_ERROR, out, "'conv1.weight'");
        Path wrongShape = temp.resolve("wrong.npz");
        List<ParameterInfo> other = List.of(new ParameterInfo("fc1.weight", new long[] {16, 64}),
                new ParameterInfo("fc1.bias", new long[] {16}), new ParameterInfo("fc2.weight", new long[] {10, 16}),
                new ParameterInfo("fc2.bias", new long[] {10}));
        Files.write(wrongShape, DirectionsFile.toBytes(other, new float[1210], new float[1210],
                "{}".getBytes(StandardCharsets.UTF_8)));
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--directions", wrongShape.toString()),
                CliAssertions.INPUT_ERROR, out, "'d1/fc1.weight' has shape [16, 64]");
        Path oneDirection = temp.resolve("one.npz");
        Files.write(oneDirection, DirectionsFile.toBytes(other.subList(0, 1), new float[1024], null,
                "{}".getBytes(StandardCharsets.UTF_8)));
        CliAssertions.assertCleanFailure(landscape(TestData.mlp(), out, "--directions", oneDirection.toString()),
                CliAssertions.INPUT_ERROR, out, "'d1/fc1.bias'");
        // Moments of the MLP do not fit the LeNet.
        List<String> args = List.of("landscape", "--model", model("lenet-bn-trained.pt").toString(), "--data",
                TestData.mnist().toString(), "--batch-size", "8", "--out", out.toString(), "--quiet", "--axes", "adam",
                "--moments", golden("mlp8x8-adam5.adam.npz").toString());
        CliAssertions.assertCleanFailure(CliRun.of(args.toArray(String[]::new)), CliAssertions.INPUT_ERROR, out,
                "no array 'exp_avg/conv1.weight'");
    }
}
