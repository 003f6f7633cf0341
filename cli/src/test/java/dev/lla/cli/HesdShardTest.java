package dev.lla.cli;

import static dev.lla.cli.TinyJobs.assertSameResults;
import static dev.lla.cli.TinyJobs.hesd;
import static dev.lla.cli.TinyJobs.ok;
import static dev.lla.cli.TinyJobs.read;
import static dev.lla.cli.TinyJobs.runShards;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla hesd --shard i/n} and {@code lla merge}: three shards merged equal one unsharded run. */
class HesdShardTest {

    @TempDir Path temp;

    @Test
    void threeShardsMergedGiveTheUnshardedResultsBitForBit() throws IOException {
        ok(hesd(temp.resolve("whole")).run());
        Path shards = temp.resolve("shards");
        runShards(3, i -> hesd(shards).with("--shard", i).run());
        JsonNode first = read(shards.resolve("hesd.shard-0-of-3.json"));
        assertEquals("hesd-shard", first.path("command").asText());
        assertEquals(12, first.path("results").path("shard").path("allPieces").size());
        assertEquals("trace/batch1/part2", first.path("results").path("shard").path("allPieces").get(11).asText(),
                "the trace's last part comes last");
        assertEquals(4, first.path("results").path("shard").path("pieces").size());
        assertEquals(4, first.path("cost").path("pieces").asInt());

        TinyJobs.merge(shards, temp.resolve("merged"));
        assertSameResults(temp.resolve("whole/hesd.json"), temp.resolve("merged/hesd.json"));
        JsonNode expected = read(temp.resolve("whole/hesd.json"));
        JsonNode merged = read(temp.resolve("merged/hesd.json"));
        assertEquals("hesd", merged.path("command").asText());
        assertEquals(2 * 25, merged.path("results").path("trace").path("samples").asInt(),
                "every part of both traces");
        assertEquals(expected.path("config"), merged.path("config"));
        assertEquals(3, merged.path("cost").path("shards").size(), "what each shard spent");
        assertEquals(12, merged.path("cost").path("shards").findValues("pieces").stream().mapToInt(JsonNode::asInt).sum());
        assertTrue(Files.size(temp.resolve("merged/hesd.png")) > 0);
        assertFalse(Files.exists(temp.resolve("merged/hesd.partial.json")), "the merge's journal is removed");
    }

    @Test
    void aMissingShardIsNamedWithItsPieces() {
        Path shards = temp.resolve("shards");
        for (int i : new int[] {0, 2}) {
            ok(hesd(shards).with("--shard", i + "/3").run());
        }
        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertEquals(1, merge.errLines().size(), merge.transcript());
        assertTrue(merge.err().contains("missing 4 of 12 pieces: slq/batch0/run0, trace/batch0/part1, slq/batch1/run0,"
                + " trace/batch1/part1"), merge.transcript());
    }

    @Test
    void aDuplicatedShardIsRefused() {
        Path shards = temp.resolve("shards");
        runShards(2, i -> hesd(shards).with("--shard", i).run());
        Path zero = shards.resolve("hesd.shard-0-of-2.json");
        CliRun merge = CliRun.of("merge", zero.toString(), zero.toString(), shards.resolve("hesd.shard-1-of-2.json")
                .toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertTrue(merge.err().contains("is in two shards"), merge.transcript());
    }

    @Test
    void shardsOfDifferentJobsNameTheOptionThatDiffers() {
        ok(hesd(temp.resolve("a")).with("--shard", "0/2").run());
        ok(hesd(temp.resolve("b")).with("--shard", "1/2").with("--seed", "6").run());
        CliRun merge = CliRun.of("merge", temp.resolve("a").toString(), temp.resolve("b").toString(),
                "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertEquals(1, merge.errLines().size(), merge.transcript());
        assertTrue(merge.err().contains("shards of different jobs: option seed is 5 in one and 6"), merge.transcript());
    }

    @Test
    void mergeJoinsLandscapeShardsAndRefusesAMixOfCommands() throws IOException {
        Path shards = temp.resolve("shards");
        runShards(2, i -> TinyJobs.landscape(shards, "--steps", "4", "--shard", i));
        TinyJobs.merge(shards, temp.resolve("l"));
        assertEquals("landscape", read(temp.resolve("l/landscape.json")).path("command").asText());

        ok(hesd(shards).with("--shard", "0/2").run());
        CliRun mixed = CliRun.of("merge", shards.toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, mixed.exitCode(), mixed.transcript());
        assertEquals(1, mixed.errLines().size(), mixed.transcript());
        assertTrue(mixed.err().contains("shards of different commands"), mixed.transcript());
    }

    @Test
    void aShardThatDiedIsRerunAloneWithResume() throws IOException {
        Path shards = temp.resolve("shards");
        runShards(3, i -> hesd(shards).with("--shard", i).run());
        Path one = shards.resolve("hesd.shard-1-of-3.json");
        JsonNode before = read(one).path("results").path("partial");
        // A shard that died left no document; it is rerun alone, with its own journal name.
        Files.delete(one);
        ok(hesd(shards).with("--shard", "1/3").flag("--resume").run());
        assertEquals(before, read(one).path("results").path("partial"));
        TinyJobs.merge(shards, temp.resolve("m"));
    }

    @Test
    void badShardSpellingsAreUsageErrors() {
        for (String bad : new String[] {"3/3", "0/0", "1of3", "-1/2", "a/b"}) {
            CliRun run = hesd(temp.resolve("bad")).with("--shard", bad).run();
            assertEquals(ExitCodes.USAGE, run.exitCode(), bad + ": " + run.transcript());
            assertEquals(1, run.errLines().size(), run.transcript());
            assertTrue(run.err().startsWith("error: --shard " + bad), run.transcript());
        }
    }
}
