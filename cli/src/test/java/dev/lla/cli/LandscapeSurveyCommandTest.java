package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla landscape --survey}: 16 regimes in JSON, the Markdown table, the panel; contradictions refused. */
class LandscapeSurveyCommandTest {

    @TempDir Path temp;

    private static CliRun survey(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("landscape", "--survey", "--model", TestData.mlp().toString(),
                "--data", TestData.digitsTrain().toString(), "--batch-size", "32", "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void surveyWritesSixteenRegimesATableAndAPanel() throws Exception {
        Path out = temp.resolve("out");
        CliRun run = survey(out, "--steps", "2");
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(out.resolve("survey.json")));
        JsonNode regimes = doc.get("results").get("regimes");
        assertEquals(16, regimes.size());
        assertEquals("train", regimes.get(0).get("mode").asText());
        assertEquals("random", regimes.get(0).get("axes").asText());
        assertEquals("weight", regimes.get(0).get("normalization").asText());
        assertEquals("eval", regimes.get(15).get("mode").asText());
        assertEquals("hessian", regimes.get(15).get("axes").asText());
        assertEquals("model", regimes.get(15).get("normalization").asText());
        for (JsonNode regime : regimes) {
            assertEquals(regime.get("originLoss").asDouble(), regime.get("loss").get(1).get(1).asDouble(), 0);
            assertTrue(regime.get("explosion").has("detected"));
            assertTrue(regime.get("lossRange").get("max").asDouble() >= regime.get("originLoss").asDouble());
        }
        String md = Files.readString(out.resolve("survey.md"));
        assertEquals(md, run.out());
        assertTrue(md.contains("| normalization | train, random | train, hessian | eval, random | eval, hessian |"), md);
        assertEquals(4, md.lines().filter(l -> l.matches("\\| (weight|filter|layer|model) \\|.*")).count(), md);
        assertTrue(Files.size(out.resolve("survey.png")) > 10_000);
        try (var files = Files.list(out)) {
            assertEquals(3, files.count(), "journals removed, only survey.json/md/png left");
        }
    }

    @Test
    void optionsTheSurveySetsItselfAreUsageErrors() {
        Path out = temp.resolve("out");
        for (String[] option : new String[][] {{"--axes", "hessian"}, {"--normalization", "layer"}, {"--mode", "train"},
            {"--dims", "1"}, {"--npy"}}) {
            CliAssertions.assertCleanFailure(survey(out, option), CliAssertions.USAGE_ERROR, out, "--survey", option[0]);
        }
    }

    @Test
    void tableCellsGiveFractionAndRatio() {
        assertEquals("yes (37%, ×2.1e4)", SurveyTable.cell(new dev.lla.core.landscape.Explosion(true, 0.37, 21234, 0, 1000)));
        assertEquals("yes (0.5%, ×1.5e3, 2 non-finite)",
                SurveyTable.cell(new dev.lla.core.landscape.Explosion(true, 0.005, 1500, 2, 1000)));
        assertEquals("no (×12.5)", SurveyTable.cell(new dev.lla.core.landscape.Explosion(false, 0, 12.5, 0, 1000)));
    }
}
