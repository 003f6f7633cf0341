package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --trace-method hutch++}: recorded with its sketch, and the trace stays within the product budget. */
class TraceMethodOptionTest {

    @TempDir Path temp;

    @Test
    void hutchPlusPlusIsRecordedWithItsSketchAndStaysWithinTheBudget() throws Exception {
        CliRun run = HesdArgs.tiny(temp.resolve("out"))
                .with("--trace-method", "hutch++")
                .with("--trace-samples", "24")
                .flag("--json")
                .flag("--quiet")
                .run();
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode document = new ObjectMapper().readTree(run.out());
        JsonNode config = document.path("config");
        assertEquals("hutch++", config.path("traceMethod").asText());
        assertEquals(8, config.path("traceSketch").asInt(), "a third of --trace-samples");
        assertTrue(config.path("tracePartSamples").isMissingNode(), "Hutch++ is one piece: " + config);
        JsonNode trace = document.path("results").path("trace");
        int samples = trace.path("samples").asInt();
        // 8 sketch products, 8 more for Q, then 2 to 8 remainder samples.
        assertTrue(samples >= 18 && samples <= 24, trace.toString());
        assertTrue(trace.path("stderr").asDouble(-1) >= 0, trace.toString());
    }
}
