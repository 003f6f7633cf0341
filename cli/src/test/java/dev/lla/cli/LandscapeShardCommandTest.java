package dev.lla.cli;

import static dev.lla.cli.TinyJobs.ok;
import static dev.lla.cli.TinyJobs.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lla landscape --shard i/n} and {@code lla landscape merge}: merged shards write the same
 * results and pictures as one run; missing, repeated or foreign shards are one-line input errors.
 * Also {@code --npy} and {@code --eval-samples}.
 */
class LandscapeShardCommandTest {

    @TempDir Path temp;

    /** A 5 x 5 grid (--steps 4) of the trained MLP on the digits. */
    private static CliRun landscape(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--steps", "4"));
        args.addAll(List.of(extra));
        return TinyJobs.landscape(out, args.toArray(String[]::new));
    }

    private static CliRun merge(Path out, Path... shards) {
        List<String> args = new ArrayList<>(List.of("landscape", "merge", "--out", out.toString(), "--quiet", "--npy"));
        for (Path shard : shards) {
            args.add(shard.toString());
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void mergedShardsWriteWhatOneRunWrites() throws Exception {
        Path shards = temp.resolve("shards");
        for (String shard : new String[] {"1/2", "0/2"}) {
            ok(landscape(shards, "--shard", shard));
        }
        Path s0 = shards.resolve("landscape.shard-0-of-2.json");
        Path s1 = shards.resolve("landscape.shard-1-of-2.json");
        JsonNode shard1 = read(s1).get("results");
        assertEquals("[1,3]", shard1.get("shard").get("rows").toString());
        assertTrue(shard1.get("loss").get(0).get(0).isNull(), "rows of other shards are null");

        Path whole = temp.resolve("whole");
        ok(landscape(whole, "--npy"));
        Path merged = temp.resolve("merged");
        ok(merge(merged, s1, s0));
        JsonNode a = read(whole.resolve("landscape.json"));
        JsonNode b = read(merged.resolve("landscape.json"));
        assertEquals(a.get("results"), b.get("results"));
        assertEquals(a.get("config"), b.get("config"));
        assertEquals("landscape", b.get("command").asText());
        for (String file : new String[] {"landscape-surface.png", "landscape-contour.png", "landscape-heatmap.png",
            "loss.npy", "accuracy.npy", "x.npy", "y.npy", "directions.npz"}) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(merged.resolve(file)), file);
        }
        // The .npy grid holds the JSON's numbers, [x][y] in C order.
        NpyArray loss = NpyReader.read(whole.resolve("loss.npy"));
        assertArrayEquals(new int[] {5, 5}, loss.shape());
        assertEquals(a.get("results").get("loss").get(3).get(1).asDouble(), loss.getDouble(3 * 5 + 1), 0);
    }

    @Test
    void incompleteOrForeignShardsAreOneLineInputErrors() throws Exception {
        Path shards = temp.resolve("shards");
        for (String shard : new String[] {"0/3", "1/3", "2/3"}) {
            ok(landscape(shards, "--shard", shard));
        }
        ok(landscape(temp.resolve("seed"), "--shard", "2/3", "--seed", "5"));
        Path s0 = shards.resolve("landscape.shard-0-of-3.json");
        Path s1 = shards.resolve("landscape.shard-1-of-3.json");
        Path s2 = shards.resolve("landscape.shard-2-of-3.json");
        Path otherSeed = temp.resolve("seed").resolve("landscape.shard-2-of-3.json");
        Path out = temp.resolve("merged");
        CliAssertions.assertCleanFailure(merge(out, s0, s1), CliAssertions.INPUT_ERROR, out, "shard 2/3 is missing");
        CliAssertions.assertCleanFailure(merge(out, s0, s1, s1, s2), CliAssertions.INPUT_ERROR, out,
                s1.toString(), "again");
        CliAssertions.assertCleanFailure(merge(out, s0, s1, otherSeed), CliAssertions.INPUT_ERROR, out,
                otherSeed.toString(), "fingerprints differ");
        Path notShard = temp.resolve("whole");
        ok(landscape(notShard));
        CliAssertions.assertCleanFailure(merge(out, s0, notShard.resolve("landscape.json")), CliAssertions.INPUT_ERROR,
                out, "is not a landscape shard");
    }

    @Test
    void badShardsAreOneLineUsageErrors() {
        Path out = temp.resolve("out");
        CliAssertions.assertCleanFailure(landscape(out, "--shard", "8/8"), CliAssertions.USAGE_ERROR, out, "0..7");
        CliAssertions.assertCleanFailure(landscape(out, "--shard", "1/0"), CliAssertions.USAGE_ERROR, out, "at least 1");
        CliAssertions.assertCleanFailure(landscape(out, "--shard", "x"), CliAssertions.USAGE_ERROR, out, "i/n");
    }

    @Test
    void evalSamplesRoundUpToBatchesOrTakeTheWholeSplit() throws Exception {
        Path out = temp.resolve("n");
        ok(landscape(out, "--eval-samples", "70"));
        JsonNode doc = read(out.resolve("landscape.json"));
        assertEquals(96, doc.get("results").get("samplesPerPoint").asInt());
        assertEquals(3, doc.get("config").get("batches").asInt());
        assertEquals(70, doc.get("config").get("evalSamples").asInt());

        Path all = temp.resolve("all");
        ok(landscape(all, "--eval-samples", "all", "--batch-size", "512"));
        JsonNode whole = read(all.resolve("landscape.json"));
        assertEquals(1500, whole.get("results").get("samplesPerPoint").asInt());
        assertEquals(3, whole.get("config").get("batches").asInt());
        assertEquals("sequential", whole.get("config").get("sampling").asText());
    }

    @Test
    void contradictoryEvalSamplesAreOneLineUsageErrors() {
        Path out = temp.resolve("out");
        CliAssertions.assertCleanFailure(landscape(out, "--eval-samples", "64", "--batches", "2"),
                CliAssertions.USAGE_ERROR, out, "--eval-samples and --batches");
        CliAssertions.assertCleanFailure(landscape(out, "--eval-samples", "0"), CliAssertions.USAGE_ERROR, out,
                "--eval-samples 0");
        CliAssertions.assertCleanFailure(landscape(out, "--eval-samples", "1490"), CliAssertions.USAGE_ERROR, out,
                "1504 samples", "holds 1500");
    }
}
