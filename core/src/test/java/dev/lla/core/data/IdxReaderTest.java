package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertInputError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lla.core.data.fixtures.DataFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesAndLabelsPlainOrGzip(boolean gzip) {
        byte[] images = DataFiles.idxImages(5, 3, 4);
        byte[] labels = DataFiles.idxLabels(5);
        Path x = DataFiles.write(dir.resolve("images"), gzip ? DataFiles.gzip(images) : images);
        Path y = DataFiles.write(dir.resolve("labels"), gzip ? DataFiles.gzip(labels) : labels);

        Dataset d = IdxReader.read(x, y);

        assertEquals(5, d.size());
        assertArrayEquals(new int[] {1, 3, 4}, d.sampleShape());
        assertEquals(12, d.sampleSize());
        assertEquals(List.of(x, y), d.files());
        for (int i = 0; i < 5; i++) {
            assertEquals(DataFiles.label(i), d.label(i));
            float[] sample = d.sample(i);
            for (int j = 0; j < 12; j++) {
                assertEquals(DataFiles.pixel(i, j) / 255f, sample[j], 0f);
            }
        }
    }

    @Test
    void pixelsSpanZeroToOne() {
        byte[] data = {0, (byte) 255, (byte) 128, 1};
        Path x = DataFiles.write(dir.resolve("x"), DataFiles.idx(0x803, new int[] {1, 2, 2}, data));
        IdxReader.Images images = IdxReader.readImages(x);
        assertArrayEquals(new float[] {0f, 1f, 128 / 255f, 1 / 255f}, images.pixels());
        assertEquals(new IdxReader.Images(1, 2, 2, new float[] {0f, 1f, 128 / 255f, 1 / 255f}),
                images);
    }

    @Test
    void labelsAreUnsigned() {
        Path y = DataFiles.write(dir.resolve("y"),
                DataFiles.idx(0x801, new int[] {2}, new byte[] {(byte) 200, 7}));
        assertArrayEquals(new int[] {200, 7}, IdxReader.readLabels(y));
    }

    @Test
    void detectsGzipByContentNotName() {
        Path x = DataFiles.write(dir.resolve("train-images-idx3-ubyte"),
                DataFiles.gzip(DataFiles.idxImages(2, 2, 2)));
        Path y = DataFiles.write(dir.resolve("labels.gz"), DataFiles.idxLabels(2));
        assertEquals(2, IdxReader.read(x, y).size());
    }

    @Test
    void rejectsBadImagesMagic() {
        Path x = DataFiles.write(dir.resolve("train-images-idx3-ubyte.gz"),
                DataFiles.gzip(DataFiles.idx(0x802, new int[] {1, 1}, new byte[1])));
        assertInputError(() -> IdxReader.readImages(x), "train-images-idx3-ubyte.gz",
                "bad magic number 0x00000802, expected 0x00000803 (IDX images)");
    }

    @Test
    void rejectsWrongDimensionCount() {
        Path x = DataFiles.write(dir.resolve("x4"),
                DataFiles.idx(0x804, new int[] {1, 1, 2, 2}, new byte[4]));
        assertInputError(() -> IdxReader.readImages(x), "x4", "0x00000804",
                "with 4 dimensions");
    }

    @Test
    void rejectsNonIdxFile() {
        Path x = DataFiles.write(dir.resolve("notes.txt"), "hello, world".getBytes());
        assertInputError(() -> IdxReader.readImages(x), "notes.txt", "bad magic number",
                "not an IDX file");
    }

    @Test
    void explainsSwappedFiles() {
        Path labels = DataFiles.write(dir.resolve("labels"), DataFiles.idxLabels(3));
        Path images = DataFiles.write(dir.resolve("images"), DataFiles.idxImages(3, 2, 2));
        assertInputError(() -> IdxReader.read(labels, images), "labels", "swapped");
        assertInputError(() -> IdxReader.readLabels(images), "images",
                "expected 0x00000801 (IDX labels)", "swapped");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rejectsTruncatedData(boolean gzip) {
        byte[] full = DataFiles.idxImages(4, 3, 3);
        byte[] cut = Arrays.copyOf(full, full.length - 5);
        Path x = DataFiles.write(dir.resolve("cut"), gzip ? DataFiles.gzip(cut) : cut);
        assertInputError(() -> IdxReader.readImages(x), "cut", "truncated",
                "4 images of 3×3 (36 bytes of data) but only 31 follow");
    }

    @Test
    void rejectsTruncatedHeader() {
        byte[] cut = Arrays.copyOf(DataFiles.idxImages(4, 3, 3), 10);
        Path x = DataFiles.write(dir.resolve("short"), cut);
        assertInputError(() -> IdxReader.readImages(x), "short", "truncated header");
        Path tiny = DataFiles.write(dir.resolve("tiny"), new byte[] {0, 0});
        assertInputError(() -> IdxReader.readImages(tiny), "tiny", "too short");
    }

    @Test
    void rejectsTruncatedGzipStream() {
        byte[] gz = DataFiles.gzip(DataFiles.idxImages(50, 8, 8));
        Path x = DataFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertInputError(() -> IdxReader.readImages(x), "cut.gz");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] full = DataFiles.idxLabels(3);
        Path y = DataFiles.write(dir.resolve("long"), Arrays.copyOf(full, full.length + 2));
        assertInputError(() -> IdxReader.readLabels(y), "long",
                "2 unexpected bytes after the 3 labels");
    }

    @Test
    void rejectsNegativeDimension() {
        Path x = DataFiles.write(dir.resolve("neg"),
                DataFiles.idx(0x803, new int[] {-1, 2, 2}, new byte[0]));
        assertInputError(() -> IdxReader.readImages(x), "neg", "negative");
    }

    @Test
    void rejectsHugeDeclaredSizeWithoutAllocating() {
        Path x = DataFiles.write(dir.resolve("huge"),
                DataFiles.idx(0x803, new int[] {60000, 60000, 60000}, new byte[8]));
        assertInputError(() -> IdxReader.readImages(x), "huge", "more than lla can hold");
        Path y = DataFiles.write(dir.resolve("lying"),
                DataFiles.idx(0x801, new int[] {2_000_000_000}, new byte[8]));
        assertInputError(() -> IdxReader.readLabels(y), "lying", "truncated");
    }

    @Test
    void rejectsEmptyImages() {
        Path x = DataFiles.write(dir.resolve("flat"),
                DataFiles.idx(0x803, new int[] {3, 0, 5}, new byte[0]));
        assertInputError(() -> IdxReader.readImages(x), "flat", "0×5 pixels are empty");
    }

    @Test
    void rejectsCountMismatch() {
        Path x = DataFiles.write(dir.resolve("img"), DataFiles.idxImages(5, 2, 2));
        Path y = DataFiles.write(dir.resolve("lab"), DataFiles.idxLabels(4));
        assertInputError(() -> IdxReader.read(x, y), "lab", "img", "holds 4 labels",
                "5 images");
    }

    @Test
    void rejectsEmptyDataset() {
        Path x = DataFiles.write(dir.resolve("img0"), DataFiles.idxImages(0, 2, 2));
        Path y = DataFiles.write(dir.resolve("lab0"), DataFiles.idxLabels(0));
        assertInputError(() -> IdxReader.read(x, y), "img0", "empty");
    }

    @Test
    void missingFileIsAnInputError() {
        Path x = dir.resolve("absent");
        assertInputError(() -> IdxReader.readImages(x), "absent", "no such file");
    }
}
