package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.fixtures.DataFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The digits written as CSV give the same spectrum as the NPZ they came from. */
class CsvDataTest {

    private static final int PIXELS = 64;

    @TempDir Path temp;

    @Test
    void csvOfTheDigitsGivesTheNpzResults() {
        Path csv = digitsCsv();
        JsonNode fromCsv = results(HesdArgs.tiny(temp.resolve("csv")).with("--data", csv)
                .with("--sample-shape", "1,8,8"));
        JsonNode fromNpz = results(HesdArgs.tiny(temp.resolve("npz")));
        assertTrue(fromNpz.path("topEigenvalues").size() > 0, fromNpz.toString());
        assertEquals(fromNpz.path("topEigenvalues"), fromCsv.path("topEigenvalues"));
    }

    @Test
    void labelColumnAndFormatOptions() {
        Path csv = digitsCsv();
        Path renamed = DataFiles.write(temp.resolve("digits.txt"), DataFiles.read(csv));
        CliRun run = HesdArgs.tiny(temp.resolve("forced")).with("--data", renamed)
                .with("--data-format", "CSV").with("--label-column", "digit")
                .with("--sample-shape", "8,8").flag("--sequential").flag("--quiet").run();
        assertEquals(0, run.exitCode(), run.transcript());
        CliRun bad = HesdArgs.tiny(temp.resolve("bad")).with("--data", csv)
                .with("--sample-shape", "1,x,8").run();
        assertEquals(2, bad.exitCode(), bad.transcript());
        assertTrue(bad.err().contains("--sample-shape 1,x,8"), bad.transcript());
    }

    /** The first 64 training digits as CSV: 64 pixel columns then the label column "digit". */
    private Path digitsCsv() {
        Map<String, NpyArray> arrays = NpzReader.read(TestData.digitsTrain(), List.of("x", "y"));
        float[] x = arrays.get("x").toFloatArray();
        long[] y = arrays.get("y").toLongArray();
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < PIXELS; j++) {
            text.append('p').append(j).append(',');
        }
        text.append("digit\n");
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < PIXELS; j++) {
                // Float.toString is the shortest text that reads back as the same float.
                text.append(x[i * PIXELS + j]).append(',');
            }
            text.append(y[i]).append('\n');
        }
        return DataFiles.write(temp.resolve("digits.csv"),
                text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode results(HesdArgs args) {
        CliRun run = args.flag("--sequential").flag("--json").flag("--quiet").run();
        assertEquals(0, run.exitCode(), run.transcript());
        return HesdDeterminismTest.numbers(run.out());
    }
}
