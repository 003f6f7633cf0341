package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --operator}: recorded in the config; the Gauss-Newton spectrum is non-negative and its
 * negative-side criteria are undefined with the reason; the default stays the Hessian, number for
 * number. The numbers themselves are checked against dense float64 matrices in core
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
}
