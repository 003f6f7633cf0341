package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertInputError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.data.fixtures.DataFiles;
import dev.lla.core.data.fixtures.DataFiles.MatClass;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

class SvhnReaderTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @TempDir
    Path dir;

    private Path mat(byte[] bytes) {
        return DataFiles.write(dir.resolve("data.mat"), bytes);
    }

    private static byte[] images(int h, int w, int c, int n) {
        return DataFiles.svhnImages(h, w, c, n, LE);
    }

    private static byte[] labels(MatClass cls, double... y) {
        return DataFiles.matArray("y", cls, new int[] {y.length, 1}, LE, y);
    }

    /** Asserts that {@code d} holds the generated SVHN data in lla's (n, channel, row, col). */
    private static void assertGenerated(Dataset d, int h, int w, int c, int n) {
        assertEquals(n, d.size());
        assertArrayEquals(new int[] {c, h, w}, d.sampleShape());
        for (int i = 0; i < n; i++) {
            assertEquals(DataFiles.label(i), d.label(i), "label of sample " + i);
            float[] sample = d.sample(i);
            for (int k = 0; k < c; k++) {
                for (int r = 0; r < h; r++) {
                    for (int col = 0; col < w; col++) {
                        assertEquals(DataFiles.svhnPixel(i, k, r, col, h, w, c) / 255f,
                                sample[(k * h + r) * w + col], 0f,
                                "sample " + i + " [" + k + ", " + r + ", " + col + "]");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void svhnLayoutIsTransposedToChannelsFirst(boolean compressed) {
        Path file = mat(DataFiles.svhnMat(4, 5, 3, 12, compressed));
        Dataset d = SvhnReader.read(file);
        assertGenerated(d, 4, 5, 3, 12);
        assertEquals(List.of(file), d.files());
        assertTrue(d.description().contains("X: uint8 4×5×3×12"), d.description());
        assertTrue(d.description().contains("label 10 read as 0"), d.description());
    }

    @Test
    void onePixelLandsAtChannelRowColumn() {
        // X(row 2, col 4, channel 3, image 2) in MATLAB's 1-based indices, 3×5×3×2.
        int h = 3;
        int w = 5;
        int c = 3;
        double[] x = new double[h * w * c * 2];
        x[(2 - 1) + h * ((4 - 1) + w * ((3 - 1) + c * (2 - 1)))] = 200;
        x[0] = 255;
        Path file = mat(DataFiles.matFile(
                DataFiles.matArray("X", MatClass.UINT8, new int[] {h, w, c, 2}, LE, x),
                labels(MatClass.UINT8, 1, 2)));
        Dataset d = SvhnReader.read(file);
        float[] first = d.sample(0);
        float[] second = d.sample(1);
        assertEquals(1f, first[0]);
        assertEquals(1, count(first));
        assertEquals(200 / 255f, second[(2 * h + 1) * w + 3]);
        assertEquals(1, count(second));
    }

    private static long count(float[] values) {
        return IntStream.range(0, values.length)
                .filter(j -> values[j] != 0).count();
    }

    @Test
    void labelTenIsTheDigitZero() {
        Path file = mat(DataFiles.matFile(images(2, 2, 1, 4),
                labels(MatClass.UINT8, 10, 1, 9, 10)));
        assertArrayEquals(new int[] {0, 1, 9, 0}, SvhnReader.read(file).labels());
    }

    @ParameterizedTest
    @ValueSource(strings = {"DOUBLE", "SINGLE", "UINT8", "INT32"})
    void labelsOfAnyNumericClass(String cls) {
        Path file = mat(DataFiles.matFile(images(2, 2, 1, 3),
                labels(MatClass.valueOf(cls), 3, 10, 7)));
        assertArrayEquals(new int[] {3, 0, 7}, SvhnReader.read(file).labels());
    }

    @Test
    void labelsAsARowVector() {
        Path file = mat(DataFiles.matFile(images(2, 2, 1, 3),
                DataFiles.matArray("y", MatClass.DOUBLE, new int[] {1, 3}, LE, 3, 10, 7)));
        assertArrayEquals(new int[] {3, 0, 7}, SvhnReader.read(file).labels());
    }

    @Test
    void bigEndianFile() {
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        Path file = mat(DataFiles.matFile(be, DataFiles.svhnImages(3, 2, 2, 5, be),
                DataFiles.svhnLabels(5, MatClass.DOUBLE, be)));
        assertGenerated(SvhnReader.read(file), 3, 2, 2, 5);
    }

    @Test
    void otherVariablesAreSkipped() {
        Path file = mat(DataFiles.matFile(
                DataFiles.matArray("extra", MatClass.DOUBLE, new int[] {2, 2}, LE, 1, 2, 3, 4),
                DataFiles.svhnLabels(3, MatClass.DOUBLE, LE), images(2, 3, 1, 3)));
        assertGenerated(SvhnReader.read(file), 2, 3, 1, 3);
    }

    /**
     * A file written by MFL's own writer through its MATLAB-style multi-index API, so that the
     * column-major convention is checked against a second implementation of it.
     */
    @Test
    void fileWrittenByMflIndexApi() throws IOException {
        int h = 4;
        int w = 3;
        int c = 2;
        int n = 3;
        Matrix x = Mat5.newMatrix(new int[] {h, w, c, n}, MatlabType.UInt8);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                for (int r = 0; r < h; r++) {
                    for (int col = 0; col < w; col++) {
                        x.setByte(new int[] {r, col, k, i},
                                (byte) DataFiles.svhnPixel(i, k, r, col, h, w, c));
                    }
                }
            }
        }
        Matrix y = Mat5.newMatrix(n, 1, MatlabType.UInt8);
        for (int i = 0; i < n; i++) {
            y.setByte(i, (byte) DataFiles.svhnLabel(i));
        }
        MatFile file = Mat5.newMatFile().addArray("X", x).addArray("y", y);
        Path path = dir.resolve("mfl.mat");
        Mat5.writeToFile(file, path.toFile());
        assertGenerated(SvhnReader.read(path), h, w, c, n);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void notAMatFile() {
        Path file = mat("hello, world\n".repeat(20).getBytes());
        assertInputError(() -> SvhnReader.read(file), file.toString(), "not a MAT-file");
    }

    @Test
    void headerCutShort() {
        Path file = mat(Arrays.copyOf(DataFiles.matHeader(0x0100, LE), 60));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "truncated");
    }

    @Test
    void noEndianIndicator() {
        byte[] bytes = DataFiles.svhnMat(2, 2, 1, 2, false);
        bytes[126] = 'X';
        Path file = mat(bytes);
        assertInputError(() -> SvhnReader.read(file), file.toString(), "corrupt MAT-file header");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void truncatedData(boolean compressed) {
        byte[] bytes = DataFiles.svhnMat(4, 4, 3, 6, compressed);
        Path file = mat(Arrays.copyOf(bytes, 128 + (bytes.length - 128) / 2));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "truncated");
    }

    @Test
    void corruptCompressedData() {
        byte[] bytes = DataFiles.svhnMat(4, 4, 3, 6, true);
        for (int j = 150; j < 190; j++) {
            bytes[j] ^= 0x5a;
        }
        Path file = mat(bytes);
        assertInputError(() -> SvhnReader.read(file), file.toString(), "corrupt MAT-file");
    }

    @Test
    void version73IsRefusedWithHowToResave() {
        byte[] bytes = new byte[1024];
        System.arraycopy(DataFiles.matHeader(0x0200, LE), 0, bytes, 0, 128);
        byte[] hdf5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(hdf5, 0, bytes, 512, hdf5.length);
        Path file = mat(bytes);
        assertInputError(() -> SvhnReader.read(file), file.toString(), "v7.3", "HDF5",
                "scipy.io.savemat", "'-v7'");
    }

    @Test
    void bareHdf5FileIsRefusedWithHowToResave() {
        byte[] bytes = new byte[600];
        byte[] hdf5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(hdf5, 0, bytes, 0, hdf5.length);
        Path file = mat(bytes);
        assertInputError(() -> SvhnReader.read(file), file.toString(), "HDF5",
                "scipy.io.savemat");
    }

    @Test
    void unknownVersion() {
        Path file = mat(DataFiles.matHeader(0x0300, LE));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "version 0x0300");
    }

    @Test
    void missingImages() {
        Path file = mat(DataFiles.matFile(labels(MatClass.DOUBLE, 1, 2),
                DataFiles.matArray("images", MatClass.UINT8, new int[] {1, 1}, LE, 1)));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "no variable 'X'",
                "found: y, images");
    }

    @Test
    void missingLabels() {
        Path file = mat(DataFiles.matFile(images(2, 2, 1, 2)));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "no variable 'y'",
                "found: X");
    }

    @Test
    void imagesOfThreeDimensions() {
        Path file = mat(DataFiles.matFile(
                DataFiles.matArray("X", MatClass.UINT8, new int[] {2, 2, 3}, LE, new double[12]),
                labels(MatClass.DOUBLE, 1)));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "'X' has shape 2×2×3",
                "H×W×C×N");
    }

    @Test
    void imagesNotUint8() {
        Path file = mat(DataFiles.matFile(
                DataFiles.matArray("X", MatClass.DOUBLE, new int[] {2, 2, 1, 1}, LE, 0, 0, 0, 0),
                labels(MatClass.DOUBLE, 1)));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "'X' is double",
                "expected uint8");
    }

    @Test
    void imagesAsCharArray() {
        Path file = mat(DataFiles.matFile(
                DataFiles.matArray("X", MatClass.CHAR, new int[] {1, 3}, LE, 'a', 'b', 'c'),
                labels(MatClass.DOUBLE, 1)));
        assertInputError(() -> SvhnReader.read(file), file.toString(),
                "'X' is a MATLAB char array");
    }

    @Test
    void labelCountDiffersFromImageCount() {
        Path file = mat(DataFiles.matFile(images(2, 2, 1, 3), labels(MatClass.DOUBLE, 1, 2)));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "'y' holds 2 labels",
                "'X' holds 3 images");
    }

    @Test
    void labelsAsAMatrix() {
        Path file = mat(DataFiles.matFile(images(2, 2, 1, 4),
                DataFiles.matArray("y", MatClass.DOUBLE, new int[] {2, 2}, LE, 1, 2, 3, 4)));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "'y' has shape 2×2");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 11, -1, 2.5, Double.NaN})
    void labelOutsideOneToTenNamesTheFirstBadIndex(double bad) {
        Path file = mat(DataFiles.matFile(images(2, 2, 1, 5),
                labels(MatClass.DOUBLE, 1, 10, 3, bad, 0)));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "at index 3",
                "MATLAB y(4)", "1..10");
    }

    @Test
    void noImages() {
        Path file = mat(DataFiles.matFile(
                DataFiles.matArray("X", MatClass.UINT8, new int[] {2, 2, 1, 0}, LE),
                DataFiles.matArray("y", MatClass.DOUBLE, new int[] {0, 1}, LE)));
        assertInputError(() -> SvhnReader.read(file), file.toString(), "empty");
    }

    @Test
    void headerBytesAreAsSpecified() {
        // The endian indicator reads 'IM' on disk in a little-endian file; the version is 0x0100.
        ByteBuffer header = ByteBuffer.wrap(DataFiles.matHeader(0x0100, LE)).order(LE);
        assertEquals('I', header.get(126));
        assertEquals('M', header.get(127));
        assertEquals(0x0100, header.getShort(124));
    }
}
