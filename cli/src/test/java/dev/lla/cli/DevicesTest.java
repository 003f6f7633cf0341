package dev.lla.cli;

import static dev.lla.cli.TinyJobs.assertSameResults;
import static dev.lla.cli.TinyJobs.criteria;
import static dev.lla.cli.TinyJobs.devicePieces;
import static dev.lla.cli.TinyJobs.generalize;
import static dev.lla.cli.TinyJobs.hesd;
import static dev.lla.cli.TinyJobs.landscape;
import static dev.lla.cli.TinyJobs.ok;
import static dev.lla.cli.TinyJobs.read;
import static dev.lla.cli.TinyJobs.survey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --devices cpu,cpu}: two model copies and two workers in one process give the
 * {@code results} of one {@code cpu} bit for bit, for every command that takes it.
 */
class DevicesTest {

    private static final List<String> OPERATORS = List.of("hessian", "gauss-newton", "nme");

    @TempDir Path temp;

    @Test
    void hesdOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        ok(hesd(temp.resolve("one")).run());
        ok(hesd(temp.resolve("two")).with("--devices", "cpu,cpu").run());
        assertSameResults(temp.resolve("one/hesd.json"), temp.resolve("two/hesd.json"));
        JsonNode expected = read(temp.resolve("one/hesd.json"));
        JsonNode actual = read(temp.resolve("two/hesd.json"));
        JsonNode devices = actual.path("cost").path("devices");
        assertEquals(2, devices.size(), actual.path("cost").toString());
        assertEquals("cpu", devices.get(1).path("device").asText());
        assertEquals(12, devicePieces(actual.path("cost")), "each piece once");
        assertEquals(expected.path("cost").path("hvps").asLong(), actual.path("cost").path("hvps").asLong(),
                "the devices together compute what one does");
        assertFalse(Files.exists(temp.resolve("two/hesd.partial.json")), "the journal is removed");
    }

    /**
     * A trace that --trace-tol ends inside a part: one device stops there and computes no later
     * part, the lanes and the shards compute whole parts, some of them not needed; the numbers
     * are the same.
     */
    @Test
    void aTraceEndedInsideAPartGivesTheSameResultsOnTwoDevicesAndInShards() throws IOException {
        ok(hesd(temp.resolve("one")).with("--trace-tol", "0.15").run());
        ok(hesd(temp.resolve("two")).with("--trace-tol", "0.15").with("--devices", "cpu,cpu").run());
        Path shards = temp.resolve("shards");
        TinyJobs.runShards(3, i -> hesd(shards).with("--trace-tol", "0.15").with("--shard", i).run());
        TinyJobs.merge(shards, temp.resolve("merged"));
        assertSameResults(temp.resolve("one/hesd.json"), temp.resolve("two/hesd.json"));
        assertSameResults(temp.resolve("one/hesd.json"), temp.resolve("merged/hesd.json"));
        JsonNode one = read(temp.resolve("one/hesd.json"));
        int samples = one.path("results").path("trace").path("samples").asInt();
        assertTrue(samples < 2 * 25 && samples % 10 != 0, "the rule stops inside a part: " + samples + " samples");
        assertTrue(read(temp.resolve("two/hesd.json")).path("cost").path("hvps").asLong()
                > one.path("cost").path("hvps").asLong(), "the lanes computed parts the rule did not need");
    }

    @Test
    void allOperatorsOnTwoCpuDevicesEqualOneBitForBit() throws IOException {
        ok(hesd(temp.resolve("one")).with("--operator", "all").run());
        ok(hesd(temp.resolve("two")).with("--operator", "all").with("--devices", "cpu,cpu").run());
        assertSameResults(temp.resolve("one/hesd.json"), temp.resolve("two/hesd.json"));
        JsonNode expected = read(temp.resolve("one/hesd.json"));
        JsonNode actual = read(temp.resolve("two/hesd.json"));
        assertEquals(3, actual.path("results").path("operators").size(), actual.path("results").toString());
        for (String operator : OPERATORS) {
            JsonNode cost = actual.path("cost").path("operators").path(operator);
            assertEquals(2, cost.path("devices").size(), operator + ": " + cost);
            assertEquals("cpu", cost.path("devices").get(1).path("device").asText(), operator);
            assertEquals(12, devicePieces(cost), operator + ": each piece once");
            assertEquals(expected.path("cost").path("operators").path(operator).path("hvps").asLong(),
                    cost.path("hvps").asLong(), operator + ": the devices together compute what one does");
            assertFalse(Files.exists(temp.resolve("two/hesd." + operator + ".partial.json")), "journal removed");
        }
        assertEquals(expected.path("cost").path("hvps"), actual.path("cost").path("hvps"));
        assertTrue(Files.size(temp.resolve("two/hesd.png")) > 0, "the overlay figure");
    }

    @Test
    void allOperatorsOnDevicesResumeEachOperatorsJournal() throws IOException {
        ok(hesd(temp.resolve("one")).with("--operator", "all").run());
        // Half of G's pieces, as a killed run leaves them: a G shard's on the same devices, as G's journal.
        Path out = temp.resolve("two");
        ok(hesd(out).with("--operator", "gauss-newton").with("--devices", "cpu,cpu").with("--shard", "0/2").run());
        JsonNode shard = read(out.resolve("hesd.shard-0-of-2.json"));
        Files.writeString(out.resolve("hesd.gauss-newton.partial.json"),
                shard.path("results").path("partial").toString());
        ok(hesd(out).with("--operator", "all").with("--devices", "cpu,cpu").flag("--resume").run());
        assertSameResults(temp.resolve("one/hesd.json"), out.resolve("hesd.json"));
        JsonNode all = read(temp.resolve("one/hesd.json")).path("cost").path("operators");
        JsonNode resumed = read(out.resolve("hesd.json")).path("cost").path("operators");
        assertEquals(all.path("gauss-newton").path("hvps").asLong() - shard.path("cost").path("hvps").asLong(),
                resumed.path("gauss-newton").path("hvps").asLong(), "only the other half of G's products");
        assertEquals(12, devicePieces(resumed.path("gauss-newton")), "every piece handed out once, journaled or not");
        assertEquals(all.path("hessian").path("hvps"), resumed.path("hessian").path("hvps"), "H had no journal");
        assertEquals(all.path("nme").path("hvps"), resumed.path("nme").path("hvps"), "NME had no journal");
    }

    @Test
    void allOperatorsStillCannotBeSharded() {
        Path out = temp.resolve("bad");
        CliAssertions.assertCleanFailure(hesd(out).with("--operator", "all").with("--devices", "cpu,cpu")
                .with("--shard", "0/2").run(), CliAssertions.USAGE_ERROR, out, "--shard takes one operator");
    }

    @Test
    void hesdShardsOnTwoDevicesMergeToTheUnshardedResults() throws IOException {
        ok(hesd(temp.resolve("one")).run());
        Path shards = temp.resolve("shards");
        TinyJobs.runShards(2, i -> hesd(shards).with("--devices", "cpu,cpu").with("--shard", i).run());
        JsonNode first = read(shards.resolve("hesd.shard-0-of-2.json"));
        assertEquals(6, devicePieces(first.path("cost")), "the shard's 6 pieces over its devices");
        TinyJobs.merge(shards, temp.resolve("merged"));
        assertSameResults(temp.resolve("one/hesd.json"), temp.resolve("merged/hesd.json"));
    }

    @Test
    void aDevicesRunResumesFromTheJournalAndComputesOnlyTheRest() throws IOException {
        ok(hesd(temp.resolve("one")).run());
        // Half the pieces, as a killed --devices run leaves them: a shard's, written as the journal.
        Path out = temp.resolve("two");
        ok(hesd(out).with("--devices", "cpu,cpu").with("--shard", "0/2").run());
        JsonNode shard = read(out.resolve("hesd.shard-0-of-2.json"));
        Files.writeString(out.resolve("hesd.partial.json"), shard.path("results").path("partial").toString());
        ok(hesd(out).with("--devices", "cpu,cpu").flag("--resume").run());
        assertSameResults(temp.resolve("one/hesd.json"), out.resolve("hesd.json"));
        long all = read(temp.resolve("one/hesd.json")).path("cost").path("hvps").asLong();
        long rest = read(out.resolve("hesd.json")).path("cost").path("hvps").asLong();
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

    @Test
    void criteriaOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        ok(criteria(temp.resolve("one")));
        ok(criteria(temp.resolve("two"), "--devices", "cpu,cpu"));
        assertSameResults(temp.resolve("one/criteria.json"), temp.resolve("two/criteria.json"));
        assertEquals(4, devicePieces(read(temp.resolve("two/criteria.json")).path("cost")));
    }

    @Test
    void generalizeOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        ok(generalize(temp.resolve("one")));
        ok(generalize(temp.resolve("two"), "--devices", "cpu,cpu"));
        assertSameResults(temp.resolve("one/generalize.json"), temp.resolve("two/generalize.json"));
        JsonNode expected = read(temp.resolve("one/generalize.json"));
        JsonNode actual = read(temp.resolve("two/generalize.json"));
        assertEquals(4, devicePieces(actual.path("cost")), "2 checkpoints x 2 datasets");
        assertEquals(expected.path("cost").path("hvps"), actual.path("cost").path("hvps"));
        assertEquals(Files.readString(temp.resolve("one/generalize.md")), Files.readString(temp.resolve("two/generalize.md")));
    }

    @Test
    void landscapeGridOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        for (String axes : new String[] {"random", "hessian"}) {
            ok(landscape(temp.resolve(axes + "-one"), "--seed", "2", "--axes", axes, "--steps", "6"));
            ok(landscape(temp.resolve(axes + "-two"), "--seed", "2", "--axes", axes, "--steps", "6",
                    "--devices", "cpu,cpu"));
            assertSameResults(temp.resolve(axes + "-one/landscape.json"), temp.resolve(axes + "-two/landscape.json"));
            JsonNode actual = read(temp.resolve(axes + "-two/landscape.json"));
            assertEquals(7, devicePieces(actual.path("cost")), "7 grid rows");
            assertTrue(actual.path("results").path("loss").get(6).get(6).isNumber(), "every row computed");
        }
    }

    @Test
    void surveyOnTwoCpuDevicesEqualsOneBitForBit() throws IOException {
        ok(survey(temp.resolve("one")));
        ok(survey(temp.resolve("two"), "--devices", "cpu,cpu"));
        assertSameResults(temp.resolve("one/survey.json"), temp.resolve("two/survey.json"));
        assertEquals(16, devicePieces(read(temp.resolve("two/survey.json")).path("cost")), "16 regimes");
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
