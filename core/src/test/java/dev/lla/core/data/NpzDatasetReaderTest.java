package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertInputError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lla.core.data.fixtures.DataFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzDatasetReaderTest {

    @TempDir
    Path dir;

    private Path npz(byte[] x, byte[] y) {
        return npz("x", x, "y", y);
    }

    private Path npz(String xName, byte[] x, String yName, byte[] y) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put(xName + ".npy", x);
        members.put(yName + ".npy", y);
        return DataFiles.write(dir.resolve("data.npz"), DataFiles.zip(members, true));
    }

    private static byte[] labels(double... y) {
        return DataFiles.npy("<i8", new int[] {y.length}, y);
    }

    @Test
    void uint8ImagesGetAChannelAndAreScaled() {
        Path file = DataFiles.write(dir.resolve("d.npz"), DataFiles.npzDataset(3, 2, 4, false));
        Dataset d = NpzDatasetReader.read(file, "x", "y");
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {1, 2, 4}, d.sampleShape());
        assertEquals(List.of(file), d.files());
        for (int i = 0; i < 3; i++) {
            assertEquals(DataFiles.label(i), d.label(i));
            for (int j = 0; j < 8; j++) {
                assertEquals(DataFiles.pixel(i, j) / 255f, d.sample(i)[j], 1e-7f);
            }
        }
    }

    @Test
    void channelsFirstImagesAreKept() {
        double[] x = new double[2 * 3 * 2 * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = i / 100.0;
        }
        Dataset d = NpzDatasetReader.read(npz(DataFiles.npy("<f4", new int[] {2, 3, 2, 2}, x),
                labels(0, 1)), "x", "y");
        assertArrayEquals(new int[] {3, 2, 2}, d.sampleShape());
        assertEquals(0.13f, d.sample(1)[1], 1e-7f);
    }

    @Test
    void flatVectorsAreKeptAndFloatsTakenAsTheyAre() {
        Dataset d = NpzDatasetReader.read(npz(DataFiles.npy(">f8", new int[] {2, 3},
                -4, 0.5, 300, 1, 2, 3), labels(1, 0)), "x", "y");
        assertArrayEquals(new int[] {3}, d.sampleShape());
        assertArrayEquals(new float[] {-4, 0.5f, 300}, d.sample(0));
    }

    @Test
    void signedIntegerPixelsAreScaledToo() {
        Dataset d = NpzDatasetReader.read(npz(DataFiles.npy("<i4", new int[] {1, 2}, 0, 255),
                labels(0)), "x", "y");
        assertArrayEquals(new float[] {0, 1}, d.sample(0));
    }

    @Test
    void integerPixelsOutsideByteRangeAreRejected() {
        Path file = npz(DataFiles.npy("<i2", new int[] {1, 2}, 3, 300), labels(0));
        assertInputError(() -> NpzDatasetReader.read(file, "x", "y"), "data.npz (array 'x')",
                "int16 value 300 at flat index 1 is outside 0..255");
    }

    @Test
    void labelsMayBeIntegralFloatsOrUnsigned() {
        Dataset d = NpzDatasetReader.read(npz(DataFiles.npy("<f4", new int[] {2, 1}, 0, 0),
                DataFiles.npy("<f8", new int[] {2}, 2, 0)), "x", "y");
        assertArrayEquals(new int[] {2, 0}, d.labels());
        Dataset u = NpzDatasetReader.read(npz(DataFiles.npy("<f4", new int[] {2, 1}, 0, 0),
                DataFiles.npy("|u1", new int[] {2}, 200, 9)), "x", "y");
        assertArrayEquals(new int[] {200, 9}, u.labels());
        assertEquals(200, u.maxLabel());
    }

    @Test
    void fractionalLabelsAreRejected() {
        Path file = npz(DataFiles.npy("<f4", new int[] {2, 1}, 0, 0),
                DataFiles.npy("<f4", new int[] {2}, 1, 0.5));
        assertInputError(() -> NpzDatasetReader.read(file, "x", "y"), "data.npz (array 'y')",
                "label 0.5 at index 1 is not a whole number");
    }

    @Test
    void nanLabelsAreRejected() {
        Path file = npz(DataFiles.npy("<f4", new int[] {1, 1}, 0),
                DataFiles.npy("<f8", new int[] {1}, Double.NaN));
        assertInputError(() -> NpzDatasetReader.read(file, "x", "y"), "data.npz (array 'y')",
                "not a whole number");
    }

    @Test
    void negativeLabelsAreRejected() {
        Path file = npz(DataFiles.npy("<f4", new int[] {2, 1}, 0, 0), labels(3, -1));
        assertInputError(() -> NpzDatasetReader.read(file, "x", "y"), "data.npz (array 'y')",
                "label -1 at index 1 is negative");
    }

    @Test
    void hugeLabelsAreRejected() {
        Path file = npz(DataFiles.npy("<f4", new int[] {1, 1}, 0), labels(1L << 40));
        assertInputError(() -> NpzDatasetReader.read(file, "x", "y"), "data.npz (array 'y')",
                "too large");
    }

    @Test
    void labelsMustBeOnePerSample() {
        Path column = npz(DataFiles.npy("<f4", new int[] {2, 1}, 0, 0),
                DataFiles.npy("<i8", new int[] {2, 1}, 0, 1));
        assertInputError(() -> NpzDatasetReader.read(column, "x", "y"), "data.npz (array 'y')",
                "shape (2, 1)", "expected (2,)", "ravel");
        Path oneHot = npz(DataFiles.npy("<f4", new int[] {2, 1}, 0, 0),
                DataFiles.npy("<f4", new int[] {2, 3}, 1, 0, 0, 0, 1, 0));
        assertInputError(() -> NpzDatasetReader.read(oneHot, "x", "y"), "data.npz", "argmax");
        Path fewer = npz(DataFiles.npy("<f4", new int[] {3, 1}, 0, 0, 0), labels(0, 1));
        assertInputError(() -> NpzDatasetReader.read(fewer, "x", "y"), "data.npz (array 'y')",
                "2 labels, but 'x' holds 3 samples");
    }

    @Test
    void boolLabelsAreZeroOrOne() {
        Dataset d = NpzDatasetReader.read(npz(DataFiles.npy("<f4", new int[] {2, 1}, 0, 0),
                DataFiles.npy("|b1", new int[] {2}, 1, 0)), "x", "y");
        assertArrayEquals(new int[] {1, 0}, d.labels());
    }

    @Test
    void samplesMustHaveTwoToFourDimensions() {
        Path flat = npz(DataFiles.npy("<f4", new int[] {3}, 1, 2, 3), labels(0, 0, 0));
        assertInputError(() -> NpzDatasetReader.read(flat, "x", "y"), "data.npz (array 'x')",
                "shape (3,)", "expected (N, D), (N, H, W) or (N, C, H, W)");
        Path five = npz(DataFiles.npy("<f4", new int[] {1, 1, 1, 1, 1}, 0), labels(0));
        assertInputError(() -> NpzDatasetReader.read(five, "x", "y"), "(1, 1, 1, 1, 1)");
    }

    @Test
    void emptySampleDimensionIsRejected() {
        Path file = npz(DataFiles.npy("<f4", new int[] {2, 0}), labels(0, 1));
        assertInputError(() -> NpzDatasetReader.read(file, "x", "y"), "data.npz (array 'x')",
                "empty sample dimension");
    }

    @Test
    void nanAndInfinityAreRejectedWithTheSample() {
        Path nan = npz(DataFiles.npy("<f4", new int[] {3, 2}, 0, 0, 0, 0, 1, Double.NaN),
                labels(0, 1, 2));
        assertInputError(() -> NpzDatasetReader.read(nan, "x", "y"),
                "data.npz: sample 2 contains NaN; lla needs finite inputs");
        Path inf = npz(DataFiles.npy("<f8", new int[] {2, 1}, Double.NEGATIVE_INFINITY, 0),
                labels(0, 1));
        assertInputError(() -> NpzDatasetReader.read(inf, "x", "y"),
                "data.npz: sample 0 contains -Infinity");
        // float64 beyond float32's range overflows on conversion and is caught the same way.
        Path big = npz(DataFiles.npy("<f8", new int[] {1, 1}, 1e300), labels(0));
        assertInputError(() -> NpzDatasetReader.read(big, "x", "y"), "sample 0 contains +Infinity");
    }

    @Test
    void emptyDatasetIsRejected() {
        Path file = npz(DataFiles.npy("|u1", new int[] {0, 2, 2}), labels());
        assertInputError(() -> NpzDatasetReader.read(file, "x", "y"), "data.npz", "empty");
    }

    @Test
    void missingArrayNamesTheArchiveContents() {
        Path file = npz("images", DataFiles.npy("<f4", new int[] {1, 1}, 0), "targets", labels(0));
        assertInputError(() -> NpzDatasetReader.read(file, "x", "y"), "data.npz",
                "no array named 'x'", "'images', 'targets'");
        Dataset d = NpzDatasetReader.read(file, "images", "targets");
        assertEquals(1, d.size());
    }

    @Test
    void badDtypeNamesTheArray() {
        Path file = npz(DataFiles.npy(1, "<c8", false, new int[] {1, 1}, new byte[8]), labels(0));
        assertInputError(() -> NpzDatasetReader.read(file, "x", "y"), "data.npz (array 'x')",
                "unsupported dtype '<c8'");
    }
}
