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

/** {@code lla generalize --shard i/n} and {@code lla merge}: three shards merged equal one unsharded run. */
class GeneralizeShardTest {

    @TempDir Path temp;

    private static CliRun generalize(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("generalize", "--models",
                dev.lla.core.TestData.path("models/mlp8x8-init.pt") + "," + TestData.mlp(),
                "--data", TestData.digitsTrain().toString(), "--data-name", "train",
                "--target", TestData.digitsTest().toString(), "--target-name", "test",
                "--nhes", "2", "--iterations", "8", "--batch-size", "64", "--eval-batches", "2", "--seed", "4",
                "--quiet", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void threeShardsMergedGiveTheUnshardedResultsBitForBit() throws IOException {
        CliRun whole = generalize(temp.resolve("whole"));
        assertEquals(0, whole.exitCode(), whole.transcript());
        Path shards = temp.resolve("shards");
        for (int i = 0; i < 3; i++) {
            CliRun shard = generalize(shards, "--shard", i + "/3");
            assertEquals(0, shard.exitCode(), shard.transcript());
        }
        JsonNode first = HesdShardTest.read(shards.resolve("generalize.shard-0-of-3.json"));
        assertEquals("generalize-shard", first.path("command").asText());
        assertEquals(4, first.path("results").path("shard").path("allPieces").size(), "2 checkpoints x 2 datasets");

        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("merged").toString(), "--quiet");
        assertEquals(0, merge.exitCode(), merge.transcript());
        JsonNode expected = HesdShardTest.read(temp.resolve("whole/generalize.json"));
        JsonNode merged = HesdShardTest.read(temp.resolve("merged/generalize.json"));
        assertEquals("generalize", merged.path("command").asText());
        assertEquals(expected.path("results"), merged.path("results"));
        assertEquals(expected.path("config"), merged.path("config"));
        assertEquals(Files.readString(temp.resolve("whole/generalize.md")),
                Files.readString(temp.resolve("merged/generalize.md")));
        assertTrue(Files.size(temp.resolve("merged/generalize-kh05.png")) > 0);
    }
}
