package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertInputError;
import static dev.lla.core.data.fixtures.LlaAssertions.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.data.fixtures.DataFiles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {

    private static final List<String> NAMES = List.of("airplane", "automobile", "bird", "cat",
            "deer", "dog", "frog", "horse", "ship", "truck");

    @TempDir
    Path dir;

    private static Dataset load(Path data, Split split) {
        return DatasetLoader.load(DataRequest.of(data, split));
    }

    @Test
    void redGreenBlueLandInChannelsZeroOneTwo() {
        byte[] red = new byte[1024];
        byte[] green = new byte[1024];
        byte[] blue = new byte[1024];
        Arrays.fill(red, (byte) 10);
        Arrays.fill(green, (byte) 20);
        Arrays.fill(blue, (byte) 30);
        red[0] = (byte) 255; // row 0, col 0
        green[2 * 32 + 5] = (byte) 51; // row 2, col 5
        blue[31 * 32 + 30] = (byte) 204; // row 31, col 30
        DataFiles.write(dir.resolve("test_batch.bin"), DataFiles.cifarRecord(7, red, green, blue));

        Dataset d = load(dir, Split.TEST);

        assertArrayEquals(new int[] {3, 32, 32}, d.sampleShape());
        assertEquals(7, d.label(0));
        float[] x = d.sample(0);
        assertEquals(1f, x[0]);
        assertEquals(10 / 255f, x[1]);
        assertEquals(51 / 255f, x[1024 + 2 * 32 + 5]);
        assertEquals(20 / 255f, x[1024 + 2 * 32 + 4]);
        assertEquals(204 / 255f, x[2 * 1024 + 31 * 32 + 30]);
        assertEquals(30 / 255f, x[2 * 1024 + 31 * 32 + 31]);
    }

    @Test
    void everyValueIsReadAndScaled() {
        Path batch = DataFiles.write(dir.resolve("test_batch.bin"), DataFiles.cifarBatch(0, 3));
        Dataset d = load(batch, null);
        assertEquals(3, d.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(DataFiles.label(i), d.label(i));
            float[] x = d.sample(i);
            for (int c = 0; c < 3; c++) {
                for (int row = 0; row < 32; row++) {
                    for (int col = 0; col < 32; col++) {
                        assertEquals(DataFiles.cifarPixel(i, c, row, col) / 255f,
                                x[c * 1024 + row * 32 + col]);
                    }
                }
            }
        }
        assertEquals(List.of(batch), d.files());
        assertTrue(d.description().contains("CIFAR-10"), d.description());
    }

    @Test
    void trainSplitReadsEveryBatchInNumericOrder() {
        DataFiles.write(dir.resolve("data_batch_10.bin"), DataFiles.cifarBatch(5, 1));
        DataFiles.write(dir.resolve("data_batch_2.bin"), DataFiles.cifarBatch(2, 3));
        DataFiles.write(dir.resolve("data_batch_1.bin"), DataFiles.cifarBatch(0, 2));
        DataFiles.write(dir.resolve("test_batch.bin"), DataFiles.cifarBatch(7, 2));

        Dataset train = load(dir, Split.TRAIN);

        assertEquals(6, train.size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, train.labels());
        assertEquals(DataFiles.cifarPixel(5, 2, 3, 4) / 255f,
                train.sample(5)[2 * 1024 + 3 * 32 + 4]);
        assertEquals(List.of(dir.resolve("data_batch_1.bin"), dir.resolve("data_batch_2.bin"),
                dir.resolve("data_batch_10.bin")), train.files());
        Dataset test = load(dir, Split.TEST);
        assertArrayEquals(new int[] {7, 8}, test.labels());
        assertEquals(List.of(dir.resolve("test_batch.bin")), test.files());
    }

    @Test
    void batchesSubdirectoryIsFound() {
        Path bin = dir.resolve("cifar-10-batches-bin");
        DataFiles.write(bin.resolve("data_batch_1.bin"), DataFiles.cifarBatch(0, 2));
        DataFiles.write(bin.resolve("test_batch.bin"), DataFiles.cifarBatch(0, 1));
        DataSource source = DatasetLoader.resolve(DataRequest.of(dir, Split.TRAIN));
        assertEquals(new DataSource.Cifar10(List.of(bin.resolve("data_batch_1.bin")), null),
                source);
        assertEquals(1, load(dir, Split.TEST).size());
    }

    @Test
    void classNamesComeFromTheMetaFile() {
        DataFiles.write(dir.resolve("data_batch_1.bin"), DataFiles.cifarBatch(0, 2));
        DataFiles.write(dir.resolve("batches.meta.txt"),
                (String.join("\n", NAMES) + "\n\n").getBytes(StandardCharsets.UTF_8));
        Dataset d = load(dir, Split.TRAIN);
        assertEquals(NAMES, d.classNames());
        assertEquals(NAMES, d.normalized(new Normalization(0.5, 0.25)).classNames());
    }

    @Test
    void withoutMetaThereAreNoClassNames() {
        DataFiles.write(dir.resolve("data_batch_1.bin"), DataFiles.cifarBatch(0, 1));
        assertEquals(List.of(), load(dir, Split.TRAIN).classNames());
    }

    @Test
    void metaWithTheWrongNumberOfNames() {
        DataFiles.write(dir.resolve("data_batch_1.bin"), DataFiles.cifarBatch(0, 1));
        DataFiles.write(dir.resolve("batches.meta.txt"), DataFiles.csv("cat", "dog"));
        assertInputError(() -> load(dir, Split.TRAIN), "batches.meta.txt", "2 class names",
                "expected 10");
    }

    @Test
    void truncatedFileNamesTheIncompleteRecord() {
        byte[] three = DataFiles.cifarBatch(0, 3);
        Path batch = DataFiles.write(dir.resolve("data_batch_1.bin"),
                Arrays.copyOf(three, three.length - 100));
        assertInputError(() -> load(dir, Split.TRAIN), batch.toString(), "record 2",
                "incomplete", "2973 of 3073 bytes");
    }

    @Test
    void labelAboveNineNamesFileAndRecord() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(DataFiles.cifarBatch(0, 1));
        out.writeBytes(DataFiles.cifarRecord(10, new byte[1024], new byte[1024], new byte[1024]));
        Path batch = DataFiles.write(dir.resolve("test_batch.bin"), out.toByteArray());
        assertInputError(() -> load(dir, Split.TEST), batch.toString(), "record 1",
                "label 10", "0..9");
    }

    @Test
    void missingSplitListsWhatWasExpected() {
        DataFiles.write(dir.resolve("data_batch_1.bin"), DataFiles.cifarBatch(0, 1));
        DataFiles.write(dir.resolve("data_batch_2.bin"), DataFiles.cifarBatch(0, 1));
        assertInputError(() -> load(dir, Split.TEST), dir.toString(), "no test split",
                "test_batch.bin", "found only data_batch_1.bin, data_batch_2.bin");
        Path only = dir.resolve("t");
        DataFiles.write(only.resolve("test_batch.bin"), DataFiles.cifarBatch(0, 1));
        assertInputError(() -> load(only, Split.TRAIN), only.toString(), "no train split",
                "data_batch_1.bin … data_batch_5.bin");
    }

    @Test
    void forcedFormatThatDoesNotFitIsAUsageError() {
        DataFiles.write(dir.resolve("readme.txt"), new byte[] {1});
        assertUsageError(() -> DatasetLoader.resolve(
                        DataRequest.of(dir, Split.TRAIN).withFormat(DataFormat.CIFAR10)),
                dir.toString(), "cifar10", "data_batch_1.bin", "cifar-10-batches-bin");
        Path npz = DataFiles.write(dir.resolve("d.npz"), DataFiles.npzDataset(2, 2, 2, false));
        assertUsageError(() -> DatasetLoader.resolve(
                DataRequest.of(npz, null).withFormat(DataFormat.CIFAR10)), "d.npz", "cifar10",
                "an .npz archive");
    }

    @Test
    void forcedFormatReadsARenamedBatch() {
        // Images 3, 4: a first label byte of 0 could pass for an IDX magic.
        Path batch = DataFiles.write(dir.resolve("cinic-valid.bin"), DataFiles.cifarBatch(3, 2));
        Dataset d = DatasetLoader.load(DataRequest.of(batch, null)
                .withFormat(DataFormat.CIFAR10));
        assertEquals(2, d.size());
        assertInputError(() -> DatasetLoader.load(DataRequest.of(batch, null)), "cinic-valid.bin",
                "unrecognised data format");
    }

    @Test
    void csvOptionsOnCifarAreAUsageError() {
        DataFiles.write(dir.resolve("data_batch_1.bin"), DataFiles.cifarBatch(0, 1));
        assertUsageError(() -> DatasetLoader.resolve(DataRequest.of(dir, Split.TRAIN)
                .withCsv("label", null)), dir.toString(), "only to CSV", "cifar10");
    }
}
