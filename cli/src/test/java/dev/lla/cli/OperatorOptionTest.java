package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --operator}: recorded in the config; the Gauss-Newton spectrum is non-negative and its
 * negative-side criteria are undefined with the reason; the default stays the Hessian, number for
 * number; {@code all} runs each of the three exactly as alone and overlays them. The numbers themselves are checked against dense float64 matrices in core
 * ({@code GaussNewtonGoldenTest}).
 */
class OperatorOptionTest {

    @TempDir Path temp;

    private JsonNode hesd(String name, String... operator) throws IOException {
        Path out = temp.resolve(name);
        HesdArgs args = HesdArgs.tiny(out).with("--iterations", "20").with("--batch-size", "64").flag("--quiet");
        if (operator.length > 0) {
            args.with("--operator", operator[0]);
        }
        CliRun run = args.run();
        assertEquals(0, run.exitCode(), run.transcript());
        return new ObjectMapper().readTree(Files.readString(out.resolve("hesd.json")));
    }

    @Test
    void hessianIsTheDefaultAndUnchanged() throws IOException {
        JsonNode plain = hesd("plain");
        JsonNode named = hesd("named", "hessian");
        assertEquals("hessian", plain.get("config").get("operator").asText());
        assertEquals(plain.get("results").get("topEigenvalues"), named.get("results").get("topEigenvalues"));
        assertEquals(plain.get("results").get("slq"), named.get("results").get("slq"));
    }

    @Test
    void gaussNewtonSpectrumIsNonNegativeAndBelowTheHessiansTop() throws IOException {
        JsonNode h = hesd("h");
        JsonNode g = hesd("g", "Gauss-Newton");
        assertEquals("gauss-newton", g.get("config").get("operator").asText());
        double gTop = g.get("results").get("topEigenvalues").get(0).asDouble();
        double gMin = g.get("results").get("minEigenvalue").asDouble();
        assertTrue(gTop > 0, "top " + gTop);
        assertTrue(gMin >= -1e-5 * gTop, "G min " + gMin + " top " + gTop);
        // H = G + NME with a small NME on this trained model: the tops are close but not equal.
        double hTop = h.get("results").get("topEigenvalues").get(0).asDouble();
        assertTrue(Math.abs(hTop - gTop) < 0.1 * hTop, "H " + hTop + " G " + gTop);
        assertTrue(hTop != gTop);
    }

    @Test
    void criteriaOfGaussNewtonSayWhyTheNegativeSideIsUndefined() throws IOException {
        Path out = temp.resolve("criteria");
        CliRun run = CliRun.of("criteria", "--model", TestData.mlp().toString(), "--data",
                TestData.digitsTrain().toString(), "--batch-size", "64", "--nhes", "1", "--iterations", "10",
                "--operator", "gauss-newton", "--out", out.toString(), "--quiet");
        assertEquals(0, run.exitCode(), run.transcript());
        String json = Files.readString(out.resolve("criteria.json"));
        JsonNode doc = new ObjectMapper().readTree(json);
        assertEquals("gauss-newton", doc.get("config").get("operator").asText());
        assertTrue(json.contains("positive semi-definite"), json);
    }

    @Test
    void allOperatorsGiveEachOperatorsOwnRunAndOneOverlay() throws IOException {
        JsonNode all = hesd("all", "all");
        assertEquals("all", all.get("config").get("operator").asText());
        JsonNode operators = all.get("results").get("operators");
        assertEquals(List.of("hessian", "gauss-newton", "nme"), fieldNames(operators));
        // Same batches, seeds and job as a run of one operator: the same numbers, bit for bit.
        for (String operator : List.of("hessian", "gauss-newton", "nme")) {
            JsonNode one = hesd("one-" + operator, operator).get("results");
            assertEquals(one, operators.get(operator), operator);
        }
        JsonNode cost = all.get("cost");
        long sum = 0;
        for (JsonNode c : cost.get("operators")) {
            sum += c.get("hvps").asLong();
        }
        assertEquals(sum, cost.get("hvps").asLong());
        Path out = temp.resolve("all");
        for (String png : List.of("hesd.png", "hesd-hessian.png", "hesd-gauss-newton.png", "hesd-nme.png")) {
            assertTrue(javax.imageio.ImageIO.read(out.resolve(png).toFile()) != null, png);
        }
        try (var files = Files.list(out)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> f.contains("partial"))
                    .toList(), "journals left behind");
        }
    }

    @Test
    void allOperatorsIsRefusedWhereOneOperatorIsAnalysed() {
        for (String command : List.of("criteria", "generalize")) {
            Path out = temp.resolve("refused-" + command);
            CliRun run = command.equals("criteria")
                    ? CliRun.of("criteria", "--model", TestData.mlp().toString(), "--data",
                            TestData.digitsTrain().toString(), "--operator", "all", "--out", out.toString())
                    : CliRun.of("generalize", "--models", TestData.mlp() + "," + TestData.mlp(), "--data",
                            TestData.digitsTrain().toString(), "--target", TestData.digitsTrain().toString(),
                            "--operator", "all", "--out", out.toString());
            CliAssertions.assertCleanFailure(run, CliAssertions.USAGE_ERROR, out, "--operator all is for hesd only");
        }
        Path out = temp.resolve("refused-eigenvectors");
        CliRun run = HesdArgs.tiny(out).with("--operator", "all").flag("--eigenvectors").run();
        CliAssertions.assertCleanFailure(run, CliAssertions.USAGE_ERROR, out, "--eigenvectors takes one operator");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
