package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.NpzDatasetReader;
import dev.lla.core.data.fixtures.DataFiles;
import dev.lla.core.data.fixtures.DataFiles.MatClass;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 8×8 digits written as an SVHN-style MAT-file ({@code X} uint8 8×8×1×N in column-major
 * order, {@code y} with 10 for the digit 0) give the same spectrum as the same pixels in an NPZ.
 */
class HesdMatDataTest {

    private static final int N = 64;

    @TempDir Path temp;

    @Test
    void matFileGivesTheSameTopEigenvaluesAsNpz() {
        Dataset digits = NpzDatasetReader.read(TestData.digitsTrain(), "x", "y");
        int h = 8;
        int w = 8;
        double[] npzPixels = new double[N * h * w];
        double[] matPixels = new double[N * h * w];
        double[] npzLabels = new double[N];
        double[] matLabels = new double[N];
        for (int i = 0; i < N; i++) {
            float[] sample = digits.sample(i);
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    long pixel = Math.round(sample[r * w + c] * 255.0);
                    npzPixels[(i * h + r) * w + c] = pixel;
                    matPixels[r + h * (c + w * i)] = pixel;
                }
            }
            npzLabels[i] = digits.label(i);
            matLabels[i] = digits.label(i) == 0 ? 10 : digits.label(i);
        }
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("x.npy", DataFiles.npy("|u1", new int[] {N, 1, h, w}, npzPixels));
        members.put("y.npy", DataFiles.npy("<i8", new int[] {N}, npzLabels));
        Path npz = DataFiles.write(temp.resolve("digits.npz"), DataFiles.zip(members, false));
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        Path mat = DataFiles.write(temp.resolve("digits.mat"), DataFiles.matFile(le,
                DataFiles.matCompressed(DataFiles.matArray("X", MatClass.UINT8,
                        new int[] {h, w, 1, N}, le, matPixels), le),
                DataFiles.matArray("y", MatClass.DOUBLE, new int[] {N, 1}, le, matLabels)));

        JsonNode fromNpz = topEigenvalues(npz, "npz");
        JsonNode fromMat = topEigenvalues(mat, "mat");
        assertTrue(fromMat.isArray() && fromMat.size() > 0, fromMat.toString());
        assertEquals(fromNpz, fromMat);
    }

    private JsonNode topEigenvalues(Path data, String name) {
        CliRun run = HesdArgs.tiny(temp.resolve(name))
                .with("--data", data)
                .flag("--sequential")
                .flag("--json")
                .flag("--quiet")
                .run();
        assertEquals(0, run.exitCode(), run.transcript());
        return HesdDeterminismTest.numbers(run.out()).path("topEigenvalues");
    }
}
