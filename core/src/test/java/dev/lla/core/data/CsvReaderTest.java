package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertInputError;
import static dev.lla.core.data.fixtures.LlaAssertions.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.data.fixtures.DataFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    private Path csv(String name, String... lines) {
        return DataFiles.write(dir.resolve(name), DataFiles.csv(lines));
    }

    private static Dataset load(Path file) {
        return DatasetLoader.load(DataRequest.of(file, null));
    }

    private static Dataset load(Path file, String labelColumn, List<Integer> shape) {
        return DatasetLoader.load(DataRequest.of(file, null).withCsv(labelColumn, shape));
    }

    @Test
    void headerWithLabelColumnAnywhere() {
        Path file = csv("d.csv", "a,label,b,c", "0.5,3,255,-1", "1e-3,0,2,7");
        Dataset d = load(file);
        assertEquals(2, d.size());
        assertArrayEquals(new int[] {3}, d.sampleShape());
        assertArrayEquals(new float[] {0.5f, 255f, -1f}, d.sample(0));
        assertArrayEquals(new float[] {1e-3f, 2f, 7f}, d.sample(1));
        assertArrayEquals(new int[] {3, 0}, d.labels());
        assertEquals(List.of(file), d.files());
        assertTrue(d.description().contains("'label'"), d.description());
    }

    @Test
    void withoutHeaderTheLastColumnIsTheLabel() {
        Dataset d = load(csv("d.csv", "1,2,3", "", "4,5,6"));
        assertArrayEquals(new float[] {1, 2}, d.sample(0));
        assertArrayEquals(new float[] {4, 5}, d.sample(1));
        assertArrayEquals(new int[] {3, 6}, d.labels());
    }

    @Test
    void labelColumnByNameOrIndex() {
        Path file = csv("d.csv", "\"y\",\"x0\",\"x1\"", "2,10,20");
        assertArrayEquals(new float[] {10, 20}, load(file, "y", null).sample(0));
        assertEquals(20, load(file, "x1", null).label(0));
        Dataset byIndex = load(file, "1", null);
        assertEquals(10, byIndex.label(0));
        assertArrayEquals(new float[] {2, 20}, byIndex.sample(0));
        Path plain = csv("p.csv", "7,8,9");
        assertEquals(7, load(plain, "0", null).label(0));
    }

    @Test
    void sampleShapeReshapesTheFeatures() {
        Path file = csv("d.csv", "0,1,2,3,4,5,1");
        Dataset chw = load(file, null, List.of(1, 2, 3));
        assertArrayEquals(new int[] {1, 2, 3}, chw.sampleShape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, chw.sample(0));
        assertArrayEquals(new int[] {1, 3, 2}, load(file, null, List.of(3, 2)).sampleShape());
        assertArrayEquals(new int[] {6}, load(file, null, List.of(6)).sampleShape());
    }

    @Test
    void gzipAndWindowsLineEndings() {
        Path file = DataFiles.write(dir.resolve("d.csv.gz"),
                DataFiles.gzip("\uFEFFf,label\r\n0.25,1\r\n0.75,2\r\n".getBytes()));
        assertInstanceOf(DataSource.Csv.class, DatasetLoader.resolve(DataRequest.of(file, null)));
        Dataset d = load(file);
        assertArrayEquals(new float[] {0.75f}, d.sample(1));
        assertArrayEquals(new int[] {1, 2}, d.labels());
    }

    @Test
    void forcedFormatReadsAnyName() {
        Path file = csv("d.txt", "1,2");
        assertEquals(2, DatasetLoader.load(DataRequest.of(file, null).withFormat(DataFormat.CSV))
                .label(0));
        assertUsageError(() -> DatasetLoader.resolve(
                DataRequest.of(dir, null).withFormat(DataFormat.CSV)), dir.toString(),
                "is a directory", "csv");
        Path npz = DataFiles.write(dir.resolve("d.npz"), DataFiles.npzDataset(2, 2, 2, false));
        assertUsageError(() -> DatasetLoader.resolve(
                DataRequest.of(npz, null).withFormat(DataFormat.CSV)), "d.npz", "csv",
                "an .npz archive");
        assertUsageError(() -> DatasetLoader.resolve(
                DataRequest.of(file, null).withFormat(DataFormat.NPZ)), "d.txt", "npz",
                "not a zip archive");
    }

    @Test
    void csvOptionsOnOtherFormatsAreAUsageError() {
        Path npz = DataFiles.write(dir.resolve("d.npz"), DataFiles.npzDataset(2, 2, 2, false));
        assertUsageError(() -> DatasetLoader.resolve(DataRequest.of(npz, null)
                .withCsv(null, List.of(2, 2))), "d.npz", "only to CSV", "npz");
    }

    @Test
    void raggedRowNamesLineAndCounts() {
        Path file = csv("d.csv", "a,b,label", "1,2,3", "", "4,5");
        assertInputError(() -> load(file), "d.csv", "line 4 has 2 columns, expected 3");
    }

    @Test
    void nonNumericCellNamesLineAndColumn() {
        Path file = csv("d.csv", "a,b,label", "1,2,3", "1,x2,3");
        assertInputError(() -> load(file), "d.csv", "line 3, column 1 ('b')", "'x2'",
                "not a number");
        Path empty = csv("e.csv", "1,2,3", "1,,3");
        assertInputError(() -> load(empty), "e.csv", "line 2, column 1", "empty cell");
    }

    @Test
    void nonFiniteValues() {
        assertInputError(() -> load(csv("n.csv", "1,2,3", "NaN,2,3")), "n.csv", "line 2",
                "column 0", "not a finite");
        assertInputError(() -> load(csv("i.csv", "1,1e39,3")), "i.csv", "line 1", "column 1",
                "not a finite float32");
    }

    @Test
    void labelsMustBeNonNegativeWholeNumbers() {
        assertInputError(() -> load(csv("f.csv", "x,label", "1,2.5")), "f.csv", "line 2",
                "label column 1 ('label')", "2.5", "whole numbers");
        assertInputError(() -> load(csv("m.csv", "1,2", "1,-1")), "m.csv", "line 2", "-1.0");
    }

    @Test
    void missingLabelColumn() {
        Path file = csv("d.csv", "a,b,c", "1,2,3");
        assertUsageError(() -> load(file, "label", null), "d.csv", "no label column named"
                + " 'label'", "a, b, c");
        assertUsageError(() -> load(file, "3", null), "d.csv", "index 3 is out of range",
                "0..2");
        Path plain = csv("p.csv", "1,2,3");
        assertUsageError(() -> load(plain, "y", null), "p.csv", "no header row", "0..2");
    }

    @Test
    void shapeThatDoesNotHoldTheFeatures() {
        Path file = csv("d.csv", "1,2,3,4,5");
        assertUsageError(() -> load(file, null, List.of(1, 2, 3)), "d.csv", "1×2×3",
                "6 values", "4 features");
    }

    @Test
    void emptyFiles() {
        assertInputError(() -> load(csv("e.csv", "", " ")), "e.csv", "empty");
        assertInputError(() -> load(csv("h.csv", "a,label")), "h.csv", "empty (0 samples)");
        assertInputError(() -> load(csv("one.csv", "1", "2")), "one.csv", "line 1",
                "at least a feature and a label");
    }

    @Test
    void invalidSampleShapes() {
        assertUsageError(() -> DataRequest.of(dir, null).withCsv(null, List.of()), "1 to 3");
        assertUsageError(() -> DataRequest.of(dir, null).withCsv(null, List.of(1, 2, 3, 4)),
                "1 to 3");
        assertUsageError(() -> DataRequest.of(dir, null).withCsv(null, List.of(2, 0)),
                "positive");
        assertUsageError(() -> DataRequest.of(dir, null).withCsv(" ", null), "label column");
        assertEquals(List.of(1, 8, 8),
                DataRequest.of(dir, null).withCsv(null, List.of(8, 8)).sampleShape());
    }
}
