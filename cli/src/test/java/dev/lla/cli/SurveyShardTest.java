package dev.lla.cli;

import static dev.lla.cli.TinyJobs.assertSameResults;
import static dev.lla.cli.TinyJobs.ok;
import static dev.lla.cli.TinyJobs.read;
import static dev.lla.cli.TinyJobs.survey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla landscape --survey --shard i/n} and {@code lla merge}: the regimes are the pieces. */
class SurveyShardTest {

    @TempDir Path temp;

    @Test
    void threeShardsMergedGiveTheUnshardedSurveyBitForBit() throws IOException {
        ok(survey(temp.resolve("whole")));
        Path shards = temp.resolve("shards");
        TinyJobs.runShards(3, i -> survey(shards, "--shard", i));
        JsonNode first = read(shards.resolve("survey.shard-0-of-3.json"));
        assertEquals("survey-shard", first.path("command").asText());
        assertEquals(16, first.path("results").path("shard").path("allPieces").size());
        assertEquals(List.of("train-random-weight", "train-random-model", "train-hessian-layer",
                "eval-random-filter", "eval-hessian-weight", "eval-hessian-model"),
                HesdShards.strings(first.path("results").path("shard").path("pieces")), "regimes 0, 3, 6, ... of 16");
        try (var files = Files.list(shards)) {
            assertEquals(3, files.count(), "each shard removed its own journals: " + shards);
        }

        TinyJobs.merge(shards, temp.resolve("merged"));
        assertSameResults(temp.resolve("whole/survey.json"), temp.resolve("merged/survey.json"));
        JsonNode expected = read(temp.resolve("whole/survey.json"));
        JsonNode merged = read(temp.resolve("merged/survey.json"));
        assertEquals("landscape-survey", merged.path("command").asText());
        assertEquals(expected.path("config"), merged.path("config"));
        assertEquals(Files.readString(temp.resolve("whole/survey.md")), Files.readString(temp.resolve("merged/survey.md")));
        assertTrue(Files.size(temp.resolve("merged/survey.png")) > 10_000);
        assertEquals(3, merged.path("cost").path("shards").size(), "what each shard spent");
        try (var files = Files.list(temp.resolve("merged"))) {
            assertEquals(3, files.count(), "the merge's journals are removed");
        }
    }

    @Test
    void aMissingShardNamesItsRegimes() {
        Path shards = temp.resolve("shards");
        for (int i : new int[] {0, 1}) {
            ok(survey(shards, "--shard", i + "/3"));
        }
        CliRun merge = CliRun.of("merge", shards.toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertEquals(1, merge.errLines().size(), merge.transcript());
        assertTrue(merge.err().contains("missing 5 of 16 pieces: train-random-layer, train-hessian-filter,"), merge.transcript());
    }

    @Test
    void shardsOfDifferentSurveysNameTheOptionThatDiffers() {
        ok(survey(temp.resolve("s"), "--shard", "0/2"));
        ok(survey(temp.resolve("s"), "--shard", "1/2", "--dist", "2"));
        CliRun merge = CliRun.of("merge", temp.resolve("s").toString(), "--out", temp.resolve("m").toString());
        assertEquals(ExitCodes.RUNTIME, merge.exitCode(), merge.transcript());
        assertEquals(1, merge.errLines().size(), merge.transcript());
        assertTrue(merge.err().contains("shards of different jobs: option dist"), merge.transcript());
    }

    @Test
    void badShardsAreUsageErrors() {
        Path out = temp.resolve("out");
        for (String bad : new String[] {"3/3", "0/0", "two/3"}) {
            CliAssertions.assertCleanFailure(survey(out, "--shard", bad), CliAssertions.USAGE_ERROR, out, "--shard");
        }
    }
}
