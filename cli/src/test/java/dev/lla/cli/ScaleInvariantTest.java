package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --scale-invariant} on the MLP and its rescaled twin (fc1 × 10, fc2.weight / 10, the same
 * function; {@code scripts/make_rescaled_twin.py}): the plain top eigenvalues differ by a large
 * factor, those of {@code D H D} agree within 1e-4 relative and match the dense float64 values of
 * {@code testdata/golden/mlp8x8-rescaled.json} within 1e-3.
 */
class ScaleInvariantTest {

    @TempDir Path temp;

    private static JsonNode golden;

    @BeforeAll
    static void readGolden() throws IOException {
        golden = new ObjectMapper().readTree(dev.lla.core.TestData.path("golden/mlp8x8-rescaled.json").toFile());
    }

    /** The top eigenvalue on the golden batch (the first 256 training samples). */
    private double top(String model, boolean scaleInvariant) throws IOException {
        Path out = temp.resolve(model + scaleInvariant);
        HesdArgs args = HesdArgs.tiny(out).with("--model", dev.lla.core.TestData.path("models/" + model))
                .with("--batch-size", "256").with("--top-k", "1").flag("--sequential").flag("--quiet");
        if (scaleInvariant) {
            args.flag("--scale-invariant");
        }
        CliRun run = args.run();
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(out.resolve("hesd.json")));
        assertEquals(scaleInvariant, doc.get("config").get("scaleInvariant").asBoolean());
        return doc.get("results").get("topEigenvalues").get(0).asDouble();
    }

    @Test
    void rescalingMovesThePlainTopButNotTheScaleInvariantOne() throws IOException {
        double plain = top("mlp8x8-trained.pt", false);
        double plainTwin = top("mlp8x8-rescaled.pt", false);
        assertTrue(plainTwin > 20 * plain, plain + " vs " + plainTwin);

        double invariant = top("mlp8x8-trained.pt", true);
        double invariantTwin = top("mlp8x8-rescaled.pt", true);
        assertEquals(invariant, invariantTwin, 1e-4 * invariant);
        double dense = golden.get("original").get("scale_invariant_top3").get(0).asDouble();
        assertEquals(dense, invariant, 1e-3 * dense);
    }
}
