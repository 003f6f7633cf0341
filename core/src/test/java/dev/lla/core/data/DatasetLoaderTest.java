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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetLoaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void mnistDirectoryPicksTheSplit(boolean gzip) {
        DataFiles.mnistSplit(dir, Split.TRAIN, 6, 3, 3, gzip);
        DataFiles.mnistSplit(dir, Split.TEST, 4, 3, 3, gzip);
        String gz = gzip ? ".gz" : "";

        Dataset train = DatasetLoader.load(DataRequest.of(dir, Split.TRAIN));
        Dataset test = DatasetLoader.load(DataRequest.of(dir, Split.TEST));

        assertEquals(6, train.size());
        assertEquals(4, test.size());
        assertEquals(List.of(dir.resolve("t10k-images-idx3-ubyte" + gz),
                dir.resolve("t10k-labels-idx1-ubyte" + gz)), test.files());
        assertTrue(test.description().contains("t10k-images-idx3-ubyte"), test.description());
    }

    @Test
    void plainFilesWinOverGzipCopies() {
        DataFiles.mnistSplit(dir, Split.TRAIN, 3, 2, 2, true);
        DataFiles.mnistSplit(dir, Split.TRAIN, 5, 2, 2, false);
        DataSource source = DatasetLoader.resolve(DataRequest.of(dir, Split.TRAIN));
        assertEquals(new DataSource.Idx(dir.resolve("train-images-idx3-ubyte"),
                dir.resolve("train-labels-idx1-ubyte")), source);
        assertEquals(5, source.read().size());
    }

    @Test
    void dottedMirrorNamesAreRecognised() {
        DataFiles.write(dir.resolve("t10k-images.idx3-ubyte"), DataFiles.idxImages(2, 2, 2));
        DataFiles.write(dir.resolve("t10k-labels.idx1-ubyte"), DataFiles.idxLabels(2));
        assertEquals(2, DatasetLoader.load(DataRequest.of(dir, Split.TEST)).size());
    }

    @Test
    void splitDefaultsToTrain() {
        DataFiles.mnistSplit(dir, Split.TRAIN, 3, 2, 2, false);
        assertEquals(3, DatasetLoader.load(new DataRequest(dir, null, null, null, null, null, null, null, null))
                .size());
    }

    @Test
    void missingSplitSaysWhatIsThere() {
        DataFiles.mnistSplit(dir, Split.TRAIN, 3, 2, 2, true);
        assertInputError(() -> DatasetLoader.load(DataRequest.of(dir, Split.TEST)),
                dir.toString(), "no test split", "t10k-images-idx3-ubyte[.gz]",
                "found only train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz");
    }

    @Test
    void halfAPairIsAnError() {
        DataFiles.write(dir.resolve("train-images-idx3-ubyte.gz"),
                DataFiles.gzip(DataFiles.idxImages(2, 2, 2)));
        assertInputError(() -> DatasetLoader.load(DataRequest.of(dir, Split.TRAIN)),
                dir.toString(), "found train-images-idx3-ubyte.gz but not train-labels-idx1-ubyte");
    }

    @Test
    void directoryWithoutDataListsTheExpectedNames() {
        DataFiles.write(dir.resolve("readme.txt"), new byte[] {1});
        assertInputError(() -> DatasetLoader.load(DataRequest.of(dir, Split.TRAIN)),
                dir.toString(), "no dataset found", "train-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte", "train.npz/test.npz", "train_32x32.mat/test_32x32.mat");
    }

    @Test
    void npzDirectoryPicksTheSplit() {
        DataFiles.write(dir.resolve("train.npz"), DataFiles.npzDataset(5, 2, 2, true));
        DataFiles.write(dir.resolve("test.npz"), DataFiles.npzDataset(2, 2, 2, false));
        assertEquals(5, DatasetLoader.load(DataRequest.of(dir, Split.TRAIN)).size());
        Dataset test = DatasetLoader.load(DataRequest.of(dir, Split.TEST));
        assertEquals(2, test.size());
        assertEquals(List.of(dir.resolve("test.npz")), test.files());
    }

    @Test
    void npzFileIsRecognisedByNameOrContent() {
        Path named = DataFiles.write(dir.resolve("mine.npz"), DataFiles.npzDataset(3, 2, 2, true));
        assertInstanceOf(DataSource.Npz.class, DatasetLoader.resolve(DataRequest.of(named, null)));
        Path renamed = DataFiles.write(dir.resolve("mine.bin"),
                DataFiles.npzDataset(3, 2, 2, true));
        assertEquals(new DataSource.Npz(renamed, "x", "y"),
                DatasetLoader.resolve(DataRequest.of(renamed, null)));
        assertEquals(3, DatasetLoader.load(DataRequest.of(renamed, Split.TEST)).size());
    }

    @Test
    void svhnDirectoryPicksTheSplit() {
        DataFiles.write(dir.resolve("train_32x32.mat"), DataFiles.svhnMat(4, 4, 3, 5, true));
        DataFiles.write(dir.resolve("test_32x32.mat"), DataFiles.svhnMat(4, 4, 3, 2, false));
        DataFiles.write(dir.resolve("extra_32x32.mat"), DataFiles.svhnMat(4, 4, 3, 7, false));
        assertEquals(new DataSource.Mat(dir.resolve("train_32x32.mat")),
                DatasetLoader.resolve(DataRequest.of(dir, Split.TRAIN)));
        Dataset test = DatasetLoader.load(DataRequest.of(dir, Split.TEST));
        assertEquals(2, test.size());
        assertArrayEquals(new int[] {3, 4, 4}, test.sampleShape());
        assertEquals(List.of(dir.resolve("test_32x32.mat")), test.files());
    }

    @Test
    void svhnMissingSplitSaysWhatIsThere() {
        DataFiles.write(dir.resolve("test_32x32.mat"), DataFiles.svhnMat(2, 2, 1, 2, false));
        assertInputError(() -> DatasetLoader.load(DataRequest.of(dir, Split.TRAIN)),
                dir.toString(), "no train split", "train_32x32.mat", "found only test_32x32.mat");
    }

    @Test
    void matFileIsRecognisedByNameOrContent() {
        Path named = DataFiles.write(dir.resolve("extra_32x32.mat"),
                DataFiles.svhnMat(2, 2, 3, 4, true));
        assertEquals(new DataSource.Mat(named), DatasetLoader.resolve(DataRequest.of(named, null)));
        assertEquals(4, DatasetLoader.load(DataRequest.of(named, Split.TEST)).size());
        Path renamed = DataFiles.write(dir.resolve("svhn.bin"),
                DataFiles.svhnMat(2, 2, 3, 4, false));
        assertEquals(new DataSource.Mat(renamed),
                DatasetLoader.resolve(DataRequest.of(renamed, null)));
        // A .mat that is something else reaches the MAT reader, which says so.
        Path text = DataFiles.write(dir.resolve("notes.mat"), "x,y\n".getBytes());
        assertInputError(() -> DatasetLoader.load(DataRequest.of(text, null)), "notes.mat",
                "not a MAT-file");
    }

    @Test
    void labelsForMatIsAUsageError() {
        Path mat = DataFiles.write(dir.resolve("train_32x32.mat"),
                DataFiles.svhnMat(2, 2, 1, 2, false));
        Path labels = DataFiles.write(dir.resolve("labels"), DataFiles.idxLabels(2));
        assertUsageError(() -> DatasetLoader.resolve(DataRequest.of(mat, null).withLabels(labels)),
                "train_32x32.mat", "MAT-file", "holds its own labels");
    }

    @Test
    void explicitIdxPair() {
        Path x = DataFiles.write(dir.resolve("a"), DataFiles.gzip(DataFiles.idxImages(4, 2, 3)));
        Path y = DataFiles.write(dir.resolve("b"), DataFiles.idxLabels(4));
        Dataset d = DatasetLoader.load(DataRequest.of(x, Split.TEST).withLabels(y));
        assertEquals(4, d.size());
        assertEquals(List.of(x, y), d.files());
    }

    @Test
    void imagesFileFindsItsLabelsNextToIt() {
        DataFiles.mnistSplit(dir, Split.TEST, 3, 2, 2, true);
        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        assertEquals(new DataSource.Idx(images, dir.resolve("t10k-labels-idx1-ubyte.gz")),
                DatasetLoader.resolve(DataRequest.of(images, null)));
    }

    @Test
    void imagesFileWithoutLabelsIsAUsageError() {
        Path lonely = DataFiles.write(dir.resolve("train-images-idx3-ubyte"),
                DataFiles.idxImages(2, 2, 2));
        assertUsageError(() -> DatasetLoader.load(DataRequest.of(lonely, null)),
                "train-images-idx3-ubyte", "train-labels-idx1-ubyte[.gz]");
        Path odd = DataFiles.write(dir.resolve("pics"), DataFiles.idxImages(2, 2, 2));
        assertUsageError(() -> DatasetLoader.load(DataRequest.of(odd, null)), "pics",
                "needs its labels file");
    }

    @Test
    void labelsFileAsDataIsAUsageError() {
        Path y = DataFiles.write(dir.resolve("y.idx"), DataFiles.idxLabels(2));
        assertUsageError(() -> DatasetLoader.load(DataRequest.of(y, null)), "y.idx",
                "is an IDX labels file");
    }

    @Test
    void otherIdxVariantsReachTheIdxReader() {
        Path x = DataFiles.write(dir.resolve("floats-images-idx3-ubyte"),
                DataFiles.idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        DataFiles.write(dir.resolve("floats-labels-idx1-ubyte"), DataFiles.idxLabels(1));
        assertInputError(() -> DatasetLoader.load(DataRequest.of(x, null)),
                "floats-images-idx3-ubyte", "0x00000D03", "float32");
    }

    @Test
    void labelsForNpzIsAUsageError() {
        Path npz = DataFiles.write(dir.resolve("d.npz"), DataFiles.npzDataset(2, 2, 2, false));
        Path y = DataFiles.write(dir.resolve("y"), DataFiles.idxLabels(2));
        assertUsageError(() -> DatasetLoader.load(DataRequest.of(npz, null).withLabels(y)),
                "d.npz", "holds its own labels", "pairs only with an IDX images file");
        Path npy = DataFiles.write(dir.resolve("x.npy"), DataFiles.npy("<f4", new int[] {1}, 1));
        assertUsageError(() -> DatasetLoader.load(DataRequest.of(npy, null).withLabels(y)),
                "x.npy", "pairs only with an IDX images file");
        assertUsageError(() -> DatasetLoader.load(DataRequest.of(dir, null).withLabels(y)),
                dir.toString(), "is a directory");
    }

    @Test
    void singleNpyHoldsNoLabels() {
        Path npy = DataFiles.write(dir.resolve("x.npy"), DataFiles.npy("<f4", new int[] {1}, 1));
        assertInputError(() -> DatasetLoader.load(DataRequest.of(npy, null)), "x.npy",
                "holds no labels", "numpy.savez");
    }

    @Test
    void missingPaths() {
        Path absent = dir.resolve("nowhere");
        assertInputError(() -> DatasetLoader.load(DataRequest.of(absent, null)), "nowhere",
                "no such file or directory");
        Path x = DataFiles.write(dir.resolve("x"), DataFiles.idxImages(1, 1, 1));
        assertInputError(() -> DatasetLoader.load(DataRequest.of(x, null).withLabels(absent)),
                "nowhere", "expected an IDX labels file");
        assertInputError(() -> DatasetLoader.load(DataRequest.of(x, null).withLabels(dir)),
                "is a directory");
    }

    @Test
    void unknownFormat() {
        Path text = DataFiles.write(dir.resolve("data.txt"), "1,2,3\n".getBytes());
        assertInputError(() -> DatasetLoader.load(DataRequest.of(text, null)), "data.txt",
                "unrecognised data format", ".csv");
        Path empty = DataFiles.write(dir.resolve("empty"), new byte[0]);
        assertInputError(() -> DatasetLoader.load(DataRequest.of(empty, null)), "empty",
                "unrecognised data format");
    }

    @Test
    void normalizationIsAppliedAfterScaling() {
        DataFiles.write(dir.resolve("train-images-idx3-ubyte"),
                DataFiles.idx(0x803, new int[] {1, 1, 2}, new byte[] {0, (byte) 255}));
        DataFiles.write(dir.resolve("train-labels-idx1-ubyte"),
                DataFiles.idx(0x801, new int[] {1}, new byte[] {3}));
        Dataset d = DatasetLoader.load(DataRequest.of(dir, Split.TRAIN)
                .withNormalization(new Normalization(0.5, 0.25)));
        assertEquals(-2f, d.sample(0)[0]);
        assertEquals(2f, d.sample(0)[1]);
        assertEquals(3, d.label(0));
        assertTrue(d.description().contains("normalize 0.5,0.25"), d.description());
    }

    @Test
    void invalidRequests() {
        assertUsageError(() -> new Normalization(0.1, 0), "std", "> 0");
        assertUsageError(() -> new Normalization(0.1, -1), "std");
        assertUsageError(() -> new Normalization(Double.NaN, 1), "mean");
        assertUsageError(() -> DataRequest.of(dir, null).withArrays("a", "a"), "'a'");
        assertUsageError(() -> DataRequest.of(dir, null).withArrays(" ", "y"), "empty");
    }
}
