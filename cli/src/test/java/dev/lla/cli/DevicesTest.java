package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --devices cpu,cpu}: two model copies and two workers in one process give the
 * {@code results} of one {@code cpu} bit for bit, for every command that takes it.
 */
class DevicesTest {

    @TempDir Path temp;

    /** Two batches, two SLQ runs, the extreme eigenvalues and the trace: 8 pieces. */
    private HesdArgs hesd(Path out) {
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
    void hesdOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        CliRun one = hesd(temp.resolve("one")).run();
        assertEquals(0, one.exitCode(), one.transcript());
        CliRun two = hesd(temp.resolve("two")).with("--devices", "cpu,cpu").run();
        assertEquals(0, two.exitCode(), two.transcript());
        JsonNode expected = HesdShardTest.read(temp.resolve("one/hesd.json"));
        JsonNode actual = HesdShardTest.read(temp.resolve("two/hesd.json"));
        assertEquals(expected.path("results"), actual.path("results"));
        JsonNode devices = actual.path("cost").path("devices");
        assertEquals(2, devices.size(), actual.path("cost").toString());
        assertEquals("cpu", devices.get(1).path("device").asText());
        assertEquals(8, devices.findValues("pieces").stream().mapToInt(JsonNode::asInt).sum(), "each piece once");
        assertEquals(expected.path("cost").path("hvps").asLong(), actual.path("cost").path("hvps").asLong(),
                "the devices together compute what one does");
        assertFalse(Files.exists(temp.resolve("two/hesd.partial.json")), "the journal is removed");
    }

    @Test
    void hesdShardsOnTwoDevicesMergeToTheUnshardedResults() throws IOException {
        CliRun one = hesd(temp.resolve("one")).run();
        assertEquals(0, one.exitCode(), one.transcript());
        Path shards = temp.resolve("shards");
        for (int i = 0; i < 2; i++) {
            CliRun shard = hesd(shards).with("--devices", "cpu,cpu").with("--shard", i + "/2").run();
            assertEquals(0, shard.exitCode(), shard.transcript());
        }
        JsonNode first = HesdShardTest.read(shards.resolve("hesd.shard-0-of-2.json"));
        assertEquals(4, first.path("cost").path("devices").findValues("pieces").stream().mapToInt(JsonNode::asInt)
                .sum(), "the shard's 4 pieces over its devices");
        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("merged").toString(), "--quiet");
        assertEquals(0, merge.exitCode(), merge.transcript());
        assertEquals(HesdShardTest.read(temp.resolve("one/hesd.json")).path("results"),
                HesdShardTest.read(temp.resolve("merged/hesd.json")).path("results"));
    }

    private static CliRun criteria(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("criteria", "--model", TestData.mlp().toString(), "--data",
                TestData.digitsTrain().toString(), "--batch-size", "32", "--batches", "2", "--nhes", "2",
                "--iterations", "8", "--seed", "3", "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void criteriaOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        CliRun one = criteria(temp.resolve("one"));
        assertEquals(0, one.exitCode(), one.transcript());
        CliRun two = criteria(temp.resolve("two"), "--devices", "cpu,cpu");
        assertEquals(0, two.exitCode(), two.transcript());
        JsonNode actual = HesdShardTest.read(temp.resolve("two/criteria.json"));
        assertEquals(HesdShardTest.read(temp.resolve("one/criteria.json")).path("results"), actual.path("results"));
        assertEquals(4, actual.path("cost").path("devices").findValues("pieces").stream().mapToInt(JsonNode::asInt)
                .sum());
    }

    @Test
    void badDeviceListsAreOneLineUsageErrors() {
        Path out = temp.resolve("bad");
        CliAssertions.assertCleanFailure(hesd(out).with("--devices", "cpu,cuda:7").run(), CliAssertions.USAGE_ERROR,
                out, "--devices cuda:7", "GPU");
        CliAssertions.assertCleanFailure(hesd(out).with("--devices", "tpu:0").run(), CliAssertions.USAGE_ERROR,
                out, "--devices tpu:0");
        CliAssertions.assertCleanFailure(hesd(out).with("--devices", "").run(), CliAssertions.USAGE_ERROR,
                out, "--devices");
        CliAssertions.assertCleanFailure(hesd(out).with("--devices", "cpu,,cpu").run(), CliAssertions.USAGE_ERROR,
                out, "--devices", "no empty entry");
        CliAssertions.assertCleanFailure(hesd(out).with("--devices", "cpu,cpu").with("--device", "cpu").run(),
                CliAssertions.USAGE_ERROR, out, "--devices and --device");
        CliAssertions.assertCleanFailure(criteria(out, "--devices", "cpu", "--device", "cpu"),
                CliAssertions.USAGE_ERROR, out, "--devices and --device");
    }
}
