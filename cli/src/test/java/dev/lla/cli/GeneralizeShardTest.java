package dev.lla.cli;

import static dev.lla.cli.TinyJobs.assertSameResults;
import static dev.lla.cli.TinyJobs.generalize;
import static dev.lla.cli.TinyJobs.ok;
import static dev.lla.cli.TinyJobs.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla generalize --shard i/n} and {@code lla merge}: three shards merged equal one unsharded run. */
class GeneralizeShardTest {

    @TempDir Path temp;

    @Test
    void threeShardsMergedGiveTheUnshardedResultsBitForBit() throws IOException {
        ok(generalize(temp.resolve("whole")));
        Path shards = temp.resolve("shards");
        TinyJobs.runShards(3, i -> generalize(shards, "--shard", i));
        JsonNode first = read(shards.resolve("generalize.shard-0-of-3.json"));
        assertEquals("generalize-shard", first.path("command").asText());
        assertEquals(4, first.path("results").path("shard").path("allPieces").size(), "2 checkpoints x 2 datasets");

        TinyJobs.merge(shards, temp.resolve("merged"));
        assertSameResults(temp.resolve("whole/generalize.json"), temp.resolve("merged/generalize.json"));
        JsonNode expected = read(temp.resolve("whole/generalize.json"));
        JsonNode merged = read(temp.resolve("merged/generalize.json"));
        assertEquals("generalize", merged.path("command").asText());
        assertEquals(expected.path("config"), merged.path("config"));
        assertEquals(Files.readString(temp.resolve("whole/generalize.md")),
                Files.readString(temp.resolve("merged/generalize.md")));
        assertTrue(Files.size(temp.resolve("merged/generalize-kh05.png")) > 0);
    }
}
