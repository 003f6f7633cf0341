package dev.lla.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Reads files written by NumPy itself (scripts/make_npy_fixtures.py), so that the readers are
 * checked against the real writer and not only against the test helper's idea of the format.
 * Expected values repeat the script's formulas.
 */
class NumpyReferenceTest {

    private static Path resource(String name) {
        URL url = NumpyReferenceTest.class.getResource("/npy/" + name);
        assertNotNull(url, "missing test resource npy/" + name
                + "; regenerate with scripts/make_npy_fixtures.py");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void float32InCOrder() {
        NpyArray a = NpyReader.read(resource("arange_f4.npy"));
        assertArrayEquals(new int[] {2, 3, 4}, a.shape());
        assertEquals("<f4", a.dtype().descriptor());
        for (int c = 0; c < 24; c++) {
            assertEquals((c - 5) / 4.0, a.getDouble(c));
        }
    }

    @Test
    void bigEndianInt16InFortranOrder() {
        NpyArray a = NpyReader.read(resource("fortran_i2_be.npy"));
        assertEquals(ByteOrder.BIG_ENDIAN, a.dtype().order());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new long[] {0, -3, -6, -9, -12, -15}, a.toLongArray());
    }

    @Test
    void float64InFortranOrder3d() {
        NpyArray a = NpyReader.read(resource("fortran_f8_3d.npy"));
        assertArrayEquals(new int[] {2, 3, 4}, a.shape());
        for (int c = 0; c < 24; c++) {
            assertEquals(c, a.getDouble(c));
        }
    }

    @Test
    void formatVersion2() {
        NpyArray a = NpyReader.read(resource("v2_f8.npy"));
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, a.toDoubleArray());
    }

    @Test
    void bool() {
        NpyArray a = NpyReader.read(resource("bool.npy"));
        assertEquals(NpyDtype.Kind.BOOL, a.dtype().kind());
        assertArrayEquals(new long[] {1, 0, 1}, a.toLongArray());
    }

    @Test
    void savezCompressedDataset() {
        Path file = resource("dataset_compressed.npz");
        Dataset d = DatasetLoader.load(DataRequest.of(file, Split.TRAIN));
        assertEquals(6, d.size());
        assertArrayEquals(new int[] {1, 4, 5}, d.sampleShape());
        for (int i = 0; i < 6; i++) {
            assertEquals(i % 3, d.label(i));
            float[] sample = d.sample(i);
            for (int j = 0; j < 20; j++) {
                assertEquals((float) ((i * 20 + j) * 7 % 256 / 255.0), sample[j]);
            }
        }
    }

    @Test
    void savezDatasetWithOtherArrayNames() {
        Path file = resource("dataset_stored.npz");
        Dataset d = DatasetLoader.load(
                DataRequest.of(file, Split.TEST).withArrays("images", "targets"));
        assertArrayEquals(new int[] {3}, d.sampleShape());
        assertArrayEquals(new int[] {0, 1, 2, 1}, d.labels());
        for (int c = 0; c < 12; c++) {
            assertEquals(-1 + 2.0 * c / 11, d.sample(c / 3)[c % 3], 1e-6);
        }
    }
}
