package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla criteria --shard i/n} and {@code lla merge}: three shards merged equal one unsharded run. */
class CriteriaShardTest {

    @TempDir Path temp;

    private static CliRun criteria(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("criteria", "--model", TestData.mlp().toString(), "--data",
                TestData.digitsTrain().toString(), "--batch-size", "32", "--batches", "2", "--nhes", "2",
                "--iterations", "8", "--seed", "3", "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void threeShardsMergedGiveTheUnshardedResultsBitForBit() throws IOException {
        CliRun whole = criteria(temp.resolve("whole"));
        assertEquals(0, whole.exitCode(), whole.transcript());
        Path shards = temp.resolve("shards");
        for (int i = 0; i < 3; i++) {
            CliRun shard = criteria(shards, "--shard", i + "/3");
            assertEquals(0, shard.exitCode(), shard.transcript());
        }
        JsonNode first = HesdShardTest.read(shards.resolve("criteria.shard-0-of-3.json"));
        assertEquals("criteria-shard", first.path("command").asText());
        assertEquals(4, first.path("results").path("shard").path("allPieces").size(), "2 batches x 2 SLQ runs");

        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("merged").toString(), "--quiet");
        assertEquals(0, merge.exitCode(), merge.transcript());
        JsonNode expected = HesdShardTest.read(temp.resolve("whole/criteria.json"));
        JsonNode merged = HesdShardTest.read(temp.resolve("merged/criteria.json"));
        assertEquals("criteria", merged.path("command").asText());
        assertEquals(expected.path("results"), merged.path("results"));
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
        assertEquals(0, criteria(shards, "--shard", "0/2").exitCode());
        assertEquals(0, HesdArgs.tiny(shards).with("--shard", "1/2").flag("--quiet").run().exitCode());
        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertTrue(merge.err().startsWith("error: shards of different commands"), merge.transcript());
    }
}
