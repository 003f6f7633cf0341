package dev.lla.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** NpyWriter writes exactly the bytes of NumPy's np.save (scripts/make_npy_writer_fixtures.py). */
class NpyWriterTest {

    private static byte[] numpy(String name) throws IOException {
        try (InputStream in = NpyWriterTest.class.getResourceAsStream("/npy/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing npy/" + name + "; run scripts/make_npy_writer_fixtures.py");
            }
            return in.readAllBytes();
        }
    }

    @Test
    void gridWithNanEqualsNumpysBytes() throws IOException {
        double[][] grid = new double[2][3];
        for (int k = 0; k < 6; k++) {
            grid[k / 3][k % 3] = (k - 2.5) / 3;
        }
        grid[1][1] = Double.NaN;
        assertArrayEquals(numpy("writer_grid_f8.npy"), NpyWriter.float64(grid));
    }

    @Test
    void vectorEqualsNumpysBytesAndReadsBack() throws IOException {
        double[] values = {-0.5, 0.0, 1e300, 0.1};
        byte[] written = NpyWriter.float64(values);
        assertArrayEquals(numpy("writer_vector_f8.npy"), written);
        assertArrayEquals(values, NpyReader.read(new java.io.ByteArrayInputStream(written), "v").toDoubleArray());
    }

    @Test
    void raggedGridsAndWrongShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.float64(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.float64(new double[3], 2, 2));
    }
}
