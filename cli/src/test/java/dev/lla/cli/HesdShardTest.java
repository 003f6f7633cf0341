package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla hesd --shard i/n} and {@code lla merge}: three shards merged equal one unsharded run. */
class HesdShardTest {

    @TempDir Path temp;

    /** Two batches, two SLQ runs, the extreme eigenvalues and the trace: 8 pieces. */
    private HesdArgs job(Path out) {
        return HesdArgs.tiny(out)
                .with("--batches", "2")
                .with("--nhes", "2")
                .with("--top-k", "1")
                .with("--eigen-iterations", "8")
                .with("--trace-samples", "3")
                .with("--density-bins", "200")
                .with("--seed", "5")
                .flag("--quiet");
    }

    @Test
    void threeShardsMergedGiveTheUnshardedResultsBitForBit() throws IOException {
        CliRun whole = job(temp.resolve("whole")).run();
        assertEquals(0, whole.exitCode(), whole.transcript());
        Path shards = temp.resolve("shards");
        for (int i = 0; i < 3; i++) {
            CliRun shard = job(shards).with("--shard", i + "/3").run();
            assertEquals(0, shard.exitCode(), shard.transcript());
        }
        JsonNode first = read(shards.resolve("hesd.shard-0-of-3.json"));
        assertEquals("hesd-shard", first.path("command").asText());
        assertEquals(8, first.path("results").path("shard").path("allPieces").size());
        assertEquals(3, first.path("results").path("shard").path("pieces").size());
        assertEquals(3, first.path("cost").path("pieces").asInt());

        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("merged").toString(), "--quiet");
        assertEquals(0, merge.exitCode(), merge.transcript());
        JsonNode expected = read(temp.resolve("whole/hesd.json"));
        JsonNode merged = read(temp.resolve("merged/hesd.json"));
        assertEquals("hesd", merged.path("command").asText());
        assertEquals(expected.path("results"), merged.path("results"));
        assertEquals(expected.path("config"), merged.path("config"));
        assertEquals(3, merged.path("cost").path("shards").size(), "what each shard spent");
        assertEquals(8, merged.path("cost").path("shards").findValues("pieces").stream().mapToInt(JsonNode::asInt).sum());
        assertTrue(Files.size(temp.resolve("merged/hesd.png")) > 0);
        assertFalse(Files.exists(temp.resolve("merged/hesd.partial.json")), "the merge's journal is removed");
    }

    @Test
    void aMissingShardIsNamedWithItsPieces() {
        Path shards = temp.resolve("shards");
        for (int i : new int[] {0, 2}) {
            assertEquals(0, job(shards).with("--shard", i + "/3").run().exitCode());
        }
        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertEquals(1, merge.errLines().size(), merge.transcript());
        assertTrue(merge.err().contains("missing 3 of 8 pieces: trace/batch0, eigen/batch1, slq/batch1/run1"), merge.transcript());
    }

    @Test
    void aDuplicatedShardIsRefused() {
        Path shards = temp.resolve("shards");
        assertEquals(0, job(shards).with("--shard", "0/2").run().exitCode());
        assertEquals(0, job(shards).with("--shard", "1/2").run().exitCode());
        Path zero = shards.resolve("hesd.shard-0-of-2.json");
        CliRun merge = CliRun.of("merge", zero.toString(), zero.toString(), shards.resolve("hesd.shard-1-of-2.json")
                .toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertTrue(merge.err().contains("is in two shards"), merge.transcript());
    }

    @Test
    void shardsOfDifferentJobsNameTheOptionThatDiffers() {
        assertEquals(0, job(temp.resolve("a")).with("--shard", "0/2").run().exitCode());
        assertEquals(0, job(temp.resolve("b")).with("--shard", "1/2").with("--seed", "6").run().exitCode());
        CliRun merge = CliRun.of("merge", temp.resolve("a").toString(), temp.resolve("b").toString(),
                "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertEquals(1, merge.errLines().size(), merge.transcript());
        assertTrue(merge.err().contains("shards of different jobs: option seed is 5 in one and 6"), merge.transcript());
    }

    @Test
    void mergeJoinsLandscapeShardsAndRefusesAMixOfCommands() throws IOException {
        Path shards = temp.resolve("shards");
        for (String shard : new String[] {"0/2", "1/2"}) {
            CliRun run = CliRun.of("landscape", "--model", TestData.mlp().toString(), "--data",
                    TestData.digitsTrain().toString(), "--steps", "4", "--batch-size", "32", "--quiet",
                    "--out", shards.toString(), "--shard", shard);
            assertEquals(0, run.exitCode(), run.transcript());
        }
        CliRun landscapes = CliRun.of("merge", shards.toString(), "--out", temp.resolve("l").toString(), "--quiet");
        assertEquals(0, landscapes.exitCode(), landscapes.transcript());
        assertEquals("landscape", read(temp.resolve("l/landscape.json")).path("command").asText());

        assertEquals(0, job(shards).with("--shard", "0/2").run().exitCode());
        CliRun mixed = CliRun.of("merge", shards.toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, mixed.exitCode(), mixed.transcript());
        assertEquals(1, mixed.errLines().size(), mixed.transcript());
        assertTrue(mixed.err().contains("shards of different commands"), mixed.transcript());
    }

    @Test
    void aShardThatDiedIsRerunAloneWithResume() throws IOException {
        Path shards = temp.resolve("shards");
        for (int i = 0; i < 3; i++) {
            assertEquals(0, job(shards).with("--shard", i + "/3").run().exitCode());
        }
        Path one = shards.resolve("hesd.shard-1-of-3.json");
        JsonNode before = read(one).path("results").path("partial");
        // A shard that died left no document; it is rerun alone, with its own journal name.
        Files.delete(one);
        CliRun rerun = job(shards).with("--shard", "1/3").flag("--resume").run();
        assertEquals(0, rerun.exitCode(), rerun.transcript());
        assertEquals(before, read(one).path("results").path("partial"));
        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("m").toString(), "--quiet");
        assertEquals(0, merge.exitCode(), merge.transcript());
    }

    @Test
    void badShardSpellingsAreUsageErrors() {
        for (String bad : new String[] {"3/3", "0/0", "1of3", "-1/2", "a/b"}) {
            CliRun run = job(temp.resolve("bad")).with("--shard", bad).run();
            assertEquals(ExitCodes.USAGE, run.exitCode(), bad + ": " + run.transcript());
            assertEquals(1, run.errLines().size(), run.transcript());
            assertTrue(run.err().startsWith("error: --shard " + bad), run.transcript());
        }
    }

    static JsonNode read(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }
}
