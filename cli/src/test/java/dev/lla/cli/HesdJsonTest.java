package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.data.fixtures.DataFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla hesd --json --quiet}: one JSON document on stdout, the same in hesd.json, and a PNG. */
class HesdJsonTest {

    private static final int ITERATIONS = 5;
    private static final int TOP_K = 2;
    private static final int DENSITY_BINS = 300;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir static Path temp;

    private static CliRun run;
    private static JsonNode document;

    @BeforeAll
    static void runHesd() throws Exception {
        run = HesdArgs.tiny(temp.resolve("out"))
                .with("--nhes", "2")
                .with("--iterations", String.valueOf(ITERATIONS))
                .with("--top-k", String.valueOf(TOP_K))
                .with("--trace-samples", "3")
                .with("--density-bins", String.valueOf(DENSITY_BINS))
                .flag("--json")
                .flag("--quiet")
                .run();
        assertEquals(0, run.exitCode(), run.transcript());
        document = new ObjectMapper().readTree(run.out());
    }

    @Test
    void quietLeavesStderrEmpty() {
        assertEquals("", run.err());
    }

    @Test
    void headerNamesCommandAndConfig() {
        assertTrue(document.path("schemaVersion").isInt(), document.toString());
        assertEquals("hesd", document.path("command").asText());
        JsonNode config = document.path("config");
        assertEquals(ITERATIONS, config.path("iterations").asInt());
        assertEquals(2, config.path("nhes").asInt());
        assertEquals(16, config.path("batchSize").asInt());
        assertEquals("full", config.path("reorthogonalization").asText());
        assertEquals("hutchinson", config.path("traceMethod").asText());
        assertTrue(config.path("traceSketch").isMissingNode(), "no sketch for Hutchinson: " + config);
        assertEquals(10, config.path("tracePartSamples").asInt(), "Hutchinson's samples in parts of 10: " + config);
    }

    @Test
    void provenanceHoldsTheModelsDigest() throws NoSuchAlgorithmException {
        String sha256 = document.path("provenance").path("model").path(0).path("sha256").asText();
        assertTrue(sha256.matches("[0-9a-f]{64}"), sha256);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(DataFiles.read(TestData.mlp()));
        assertEquals(HexFormat.of().formatHex(digest), sha256);
    }

    @Test
    void topEigenvaluesDescendAboveTheMinimum() {
        JsonNode results = document.path("results");
        double[] top = doubles(results.path("topEigenvalues"));
        assertEquals(TOP_K, top.length);
        for (int i = 1; i < top.length; i++) {
            assertTrue(top[i - 1] >= top[i], Arrays.toString(top));
        }
        JsonNode min = results.path("minEigenvalue");
        assertTrue(min.isNumber(), results.toString());
        assertTrue(min.asDouble() < top[top.length - 1], min + " vs " + Arrays.toString(top));
    }

    @Test
    void traceHasMeanAndStandardError() {
        JsonNode trace = document.path("results").path("trace");
        assertTrue(trace.path("mean").isNumber(), trace.toString());
        assertTrue(trace.path("stderr").asDouble(-1) >= 0, trace.toString());
    }

    @Test
    void everySlqRunHasGaussNodesAndWeights() {
        JsonNode slq = document.path("results").path("slq");
        assertEquals(2, slq.size(), slq.toString());
        for (int r = 0; r < slq.size(); r++) {
            JsonNode run = slq.get(r);
            assertEquals(0, run.path("batch").asInt(-1));
            assertEquals(r, run.path("run").asInt(-1));
            double[] nodes = doubles(run.path("nodes"));
            double[] weights = doubles(run.path("weights"));
            assertEquals(ITERATIONS, nodes.length);
            assertEquals(ITERATIONS, weights.length);
            assertEquals(ITERATIONS, run.path("reorthogonalizations").asInt(-1), "full: every step");
            assertEquals(1.0, Arrays.stream(weights).sum(), 1e-6, "quadrature weights sum to 1");
        }
    }

    @Test
    void densityHasGridAndValues() {
        JsonNode density = document.path("results").path("density");
        double[] grid = doubles(density.path("grid"));
        double[] values = doubles(density.path("values"));
        assertEquals(DENSITY_BINS, grid.length);
        assertEquals(DENSITY_BINS, values.length);
        for (int i = 1; i < grid.length; i++) {
            assertTrue(grid[i] > grid[i - 1], "grid ascends");
        }
        assertTrue(Arrays.stream(values).allMatch(v -> v >= 0), "density is non-negative");
    }

    @Test
    void hesdJsonIsTheDocumentOnStdout() throws Exception {
        JsonNode written = new ObjectMapper().readTree(temp.resolve("out/hesd.json").toFile());
        assertEquals(document, written);
    }

    @Test
    void hesdPngIsAPng() {
        byte[] png = DataFiles.read(temp.resolve("out/hesd.png"));
        assertTrue(png.length > PNG_SIGNATURE.length, "empty PNG");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length));
    }

    @Test
    void noTemporaryFilesRemain() throws Exception {
        try (Stream<Path> files = Files.list(temp.resolve("out"))) {
            assertEquals(List.of("hesd.json", "hesd.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private static double[] doubles(JsonNode array) {
        assertTrue(array.isArray(), "not an array: " + array);
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            assertTrue(array.get(i).isNumber(), "not a number: " + array.get(i));
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
