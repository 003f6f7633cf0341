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

    @Test
    void aDevicesRunResumesFromTheJournalAndComputesOnlyTheRest() throws IOException {
        CliRun one = hesd(temp.resolve("one")).run();
        assertEquals(0, one.exitCode(), one.transcript());
        // Half the pieces, as a killed --devices run leaves them: a shard's, written as the journal.
        Path out = temp.resolve("two");
        CliRun half = hesd(out).with("--devices", "cpu,cpu").with("--shard", "0/2").run();
        assertEquals(0, half.exitCode(), half.transcript());
        JsonNode shard = HesdShardTest.read(out.resolve("hesd.shard-0-of-2.json"));
        Files.writeString(out.resolve("hesd.partial.json"), shard.path("results").path("partial").toString());
        CliRun resumed = hesd(out).with("--devices", "cpu,cpu").flag("--resume").run();
        assertEquals(0, resumed.exitCode(), resumed.transcript());
        JsonNode actual = HesdShardTest.read(out.resolve("hesd.json"));
        assertEquals(HesdShardTest.read(temp.resolve("one/hesd.json")).path("results"), actual.path("results"));
        long all = HesdShardTest.read(temp.resolve("one/hesd.json")).path("cost").path("hvps").asLong();
        long rest = actual.path("cost").path("hvps").asLong();
        assertEquals(all - shard.path("cost").path("hvps").asLong(), rest, "only the other shard's products");
    }

    @Test
    void aJournalOfOtherOptionsIsTheUsersErrorNotADevices() throws IOException {
        Path out = temp.resolve("other");
        Files.createDirectories(out);
        Files.writeString(out.resolve("hesd.partial.json"),
                "{\"fingerprint\":\"other\",\"batches\":[],\"slq\":[],\"eigen\":[],\"traces\":[]}");
        CliRun run = hesd(out).with("--devices", "cpu,cpu").flag("--resume").run();
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertEquals(1, run.errLines().stream().filter(l -> l.startsWith("error: ")).count(), run.transcript());
        assertTrue(run.err().contains("holds partial results of other inputs or options"), run.transcript());
        assertFalse(run.err().contains("error: device"), run.transcript());
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
    void generalizeOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        CliRun one = generalize(temp.resolve("one"));
        assertEquals(0, one.exitCode(), one.transcript());
        CliRun two = generalize(temp.resolve("two"), "--devices", "cpu,cpu");
        assertEquals(0, two.exitCode(), two.transcript());
        JsonNode expected = HesdShardTest.read(temp.resolve("one/generalize.json"));
        JsonNode actual = HesdShardTest.read(temp.resolve("two/generalize.json"));
        assertEquals(expected.path("results"), actual.path("results"));
        assertEquals(4, actual.path("cost").path("devices").findValues("pieces").stream().mapToInt(JsonNode::asInt)
                .sum(), "2 checkpoints x 2 datasets");
        assertEquals(expected.path("cost").path("hvps"), actual.path("cost").path("hvps"));
        assertEquals(Files.readString(temp.resolve("one/generalize.md")), Files.readString(temp.resolve("two/generalize.md")));
    }

    private static CliRun landscape(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("landscape", "--model", TestData.mlp().toString(), "--data",
                TestData.digitsTrain().toString(), "--batch-size", "32", "--seed", "2", "--quiet",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void landscapeGridOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        for (String axes : new String[] {"random", "hessian"}) {
            CliRun one = landscape(temp.resolve(axes + "-one"), "--axes", axes, "--steps", "6");
            assertEquals(0, one.exitCode(), one.transcript());
            CliRun two = landscape(temp.resolve(axes + "-two"), "--axes", axes, "--steps", "6", "--devices", "cpu,cpu");
            assertEquals(0, two.exitCode(), two.transcript());
            JsonNode actual = HesdShardTest.read(temp.resolve(axes + "-two/landscape.json"));
            assertEquals(HesdShardTest.read(temp.resolve(axes + "-one/landscape.json")).path("results"),
                    actual.path("results"), axes);
            assertEquals(7, actual.path("cost").path("devices").findValues("pieces").stream()
                    .mapToInt(JsonNode::asInt).sum(), "7 grid rows");
            assertTrue(actual.path("results").path("loss").get(6).get(6).isNumber(), "every row computed");
        }
    }

    @Test
    void surveyOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        CliRun one = landscape(temp.resolve("one"), "--survey", "--steps", "2");
        assertEquals(0, one.exitCode(), one.transcript());
        CliRun two = landscape(temp.resolve("two"), "--survey", "--steps", "2", "--devices", "cpu,cpu");
        assertEquals(0, two.exitCode(), two.transcript());
        JsonNode actual = HesdShardTest.read(temp.resolve("two/survey.json"));
        assertEquals(HesdShardTest.read(temp.resolve("one/survey.json")).path("results"), actual.path("results"));
        assertEquals(16, actual.path("cost").path("devices").findValues("pieces").stream().mapToInt(JsonNode::asInt)
                .sum(), "16 regimes");
        try (var files = Files.list(temp.resolve("two"))) {
            assertEquals(3, files.count(), "journals removed");
        }
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
