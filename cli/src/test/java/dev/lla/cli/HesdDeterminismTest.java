package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** The {@code results} of a run with {@code seed} (timings live outside, in {@code cost}). */
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
        return numbers(run.out());
    }

    /** The {@code results} object of a JSON document. */
    static JsonNode numbers(String json) {
        try {
            return new ObjectMapper().readTree(json).path("results");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
