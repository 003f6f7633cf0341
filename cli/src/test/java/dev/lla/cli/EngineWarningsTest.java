package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's kernel check reaches the user: each warning once on stderr, even with --quiet,
 * and the same lines in the JSON's provenance. The model is a CNN whose second convolution has
 * 10 output channels, which libtorch's default kernels get wrong on the AMD EPYC CI machine class
 * (core's ConvKernelDefectTest proves the warning right either way); a landscape needs no
 * gradient, so it runs to the end there too.
 */
class EngineWarningsTest {

    @Test
    void warningsOnStderrOnceAndInTheProvenance(@TempDir Path temp) throws IOException {
        Path out = temp.resolve("out");
        CliRun run = CliRun.of("landscape", "--model", dev.lla.core.TestData.path("models/cnn8x8-odd.pt").toString(),
                "--data", TestData.digitsTrain().toString(), "--batch-size", "32", "--steps", "2", "--dims", "1",
                "--quiet", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.transcript());
        List<String> said = run.errLines().stream().filter(line -> line.startsWith("warning: this CPU's")).toList();
        JsonNode warnings = new ObjectMapper().readTree(out.resolve("landscape.json").toFile())
                .path("provenance").path("engineWarnings");
        assertTrue(warnings.isArray(), "provenance.engineWarnings: " + warnings);
        List<String> recorded = new ArrayList<>();
        warnings.forEach(w -> recorded.add("warning: " + w.asText()));
        assertEquals(recorded, said, run.transcript());
        for (String line : said) {
            assertTrue(line.contains("conv2.weight (10, 6, 3, 3)") && line.endsWith("Known engine defect"), line);
        }
    }
}
