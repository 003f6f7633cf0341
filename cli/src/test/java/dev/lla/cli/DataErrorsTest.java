package dev.lla.cli;

import static dev.lla.cli.CliAssertions.INPUT_ERROR;
import static dev.lla.cli.CliAssertions.assertCleanFailure;

import dev.lla.core.data.fixtures.DataFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data that is missing, non-finite, or does not fit the model gives one clear error (exit 1). */
class DataErrorsTest {

    private static final int SAMPLES = 32;
    private static final int PIXELS = 64;

    @TempDir Path temp;

    private Path out() {
        return temp.resolve("out");
    }

    private CliRun hesdOn(Path data) {
        return HesdArgs.tiny(out()).with("--data", data).run();
    }

    @Test
    void missingDataPath() {
        CliRun run = hesdOn(temp.resolve("absent.npz"));
        assertCleanFailure(run, INPUT_ERROR, out(), "absent.npz", "no such file");
    }

    @Test
    void labelsBeyondTheModelsClasses() {
        double[] y = labels();
        y[5] = 12;
        Path data = npz("label12.npz", pixels(), y);
        assertCleanFailure(hesdOn(data), INPUT_ERROR, out(), "labels reach 12", "10 classes");
    }

    @Test
    void nanInSamples() {
        double[] x = pixels();
        x[3 * PIXELS + 10] = Double.NaN;
        Path data = npz("nan.npz", x, labels());
        assertCleanFailure(hesdOn(data), INPUT_ERROR, out(), "nan.npz", "sample 3", "NaN");
    }

    /** Finite but huge inputs overflow the logits: the loss is NaN, a numerical failure (exit 3). */
    @Test
    void nonFiniteLossIsANumericalFailure() {
        double[] x = pixels();
        java.util.Arrays.fill(x, 3e38);
        Path data = npz("huge.npz", x, labels());
        assertCleanFailure(hesdOn(data), 3, out(), "loss is NaN", "Hessian is undefined");
    }

    @Test
    void infinityInSamples() {
        double[] x = pixels();
        x[7 * PIXELS] = Double.NEGATIVE_INFINITY;
        Path data = npz("inf.npz", x, labels());
        assertCleanFailure(hesdOn(data), INPUT_ERROR, out(), "inf.npz", "sample 7", "Infinity");
    }

    /** MNIST's 28×28 images into the 8×8 MLP: libtorch's reason, not its traceback header. */
    @Test
    void samplesOfTheWrongShape() {
        CliRun run = hesdOn(TestData.mnist());
        assertCleanFailure(run, INPUT_ERROR, out(), "(1, 28, 28)", "do not fit the model", "784");
    }

    /** {@code x} float32 (N,1,8,8) and {@code y} int64, as testdata/digits8x8 stores them. */
    private Path npz(String name, double[] x, double[] y) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("x.npy", DataFiles.npy("<f4", new int[] {SAMPLES, 1, 8, 8}, x));
        members.put("y.npy", DataFiles.npy("<i8", new int[] {SAMPLES}, y));
        return DataFiles.write(temp.resolve(name), DataFiles.zip(members, false));
    }

    private static double[] pixels() {
        double[] x = new double[SAMPLES * PIXELS];
        for (int i = 0; i < SAMPLES; i++) {
            for (int j = 0; j < PIXELS; j++) {
                x[i * PIXELS + j] = DataFiles.pixel(i, j) / 255.0;
            }
        }
        return x;
    }

    private static double[] labels() {
        double[] y = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            y[i] = DataFiles.label(i);
        }
        return y;
    }
}
