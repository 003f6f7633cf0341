package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same {@code --seed}, same numbers; another seed, other start vectors. */
class HesdDeterminismTest {

    @TempDir Path temp;

    @Test
    void sameSeedGivesIdenticalResults() {
        JsonNode first = results("first", 7);
        JsonNode second = results("second", 7);
        assertEquals(first, second);
    }

    @Test
    void anotherSeedGivesOtherSlqNodes() {
        JsonNode seven = results("seven", 7);
        JsonNode eight = results("eight", 8);
        assertNotEquals(seven.path("slq").path(0).path("nodes"), eight.path("slq").path(0).path("nodes"));
    }

    /**
     * The {@code results} of a run with {@code seed}, less the seconds spent, which are the only
     * numbers that may differ between identical runs.
     */
    private JsonNode results(String name, long seed) {
        CliRun run = HesdArgs.tiny(temp.resolve(name))
                .with("--nhes", "2")
                .with("--trace-samples", "3")
                .with("--density-bins", "200")
                .with("--seed", String.valueOf(seed))
                .flag("--json")
                .flag("--quiet")
                .run();
        assertEquals(0, run.exitCode(), run.transcript());
        try {
            JsonNode results = new ObjectMapper().readTree(run.out()).path("results");
            ObjectNode cost = (ObjectNode) results.path("cost");
            cost.remove("hvpSeconds");
            cost.remove("wallSeconds");
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
