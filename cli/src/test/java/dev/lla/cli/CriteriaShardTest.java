package dev.lla.cli;

import static dev.lla.cli.TinyJobs.assertSameResults;
import static dev.lla.cli.TinyJobs.criteria;
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

/** {@code lla criteria --shard i/n} and {@code lla merge}: three shards merged equal one unsharded run. */
class CriteriaShardTest {

    @TempDir Path temp;

    @Test
    void threeShardsMergedGiveTheUnshardedResultsBitForBit() throws IOException {
        ok(criteria(temp.resolve("whole")));
        Path shards = temp.resolve("shards");
        TinyJobs.runShards(3, i -> criteria(shards, "--shard", i));
        JsonNode first = read(shards.resolve("criteria.shard-0-of-3.json"));
        assertEquals("criteria-shard", first.path("command").asText());
        assertEquals(4, first.path("results").path("shard").path("allPieces").size(), "2 batches x 2 SLQ runs");

        TinyJobs.merge(shards, temp.resolve("merged"));
        assertSameResults(temp.resolve("whole/criteria.json"), temp.resolve("merged/criteria.json"));
        JsonNode expected = read(temp.resolve("whole/criteria.json"));
        JsonNode merged = read(temp.resolve("merged/criteria.json"));
        assertEquals("criteria", merged.path("command").asText());
        assertEquals(expected.path("config"), merged.path("config"));
        assertEquals(3, merged.path("cost").path("shards").size());
        assertTrue(Files.size(temp.resolve("merged/criteria.png")) > 0);
    }

    @Test
    void aComparisonCannotBeSharded() {
        CliRun run = criteria(temp.resolve("c"), "--shard", "0/2", "--compare-model", TestData.mlp().toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertTrue(run.err().startsWith("error: --shard does not split a comparison"), run.transcript());
    }

    @Test
    void hesdAndCriteriaShardsDoNotMix() {
        Path shards = temp.resolve("shards");
        ok(criteria(shards, "--shard", "0/2"));
        ok(HesdArgs.tiny(shards).with("--shard", "1/2").flag("--quiet").run());
        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertTrue(merge.err().startsWith("error: shards of different commands"), merge.transcript());
    }
}
