package dev.lla.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NPZ writing: the NPY bytes NumPy 1.24's {@code np.save} writes, and a round trip through the reader. */
class NpzWriterTest {

    @TempDir Path temp;

    /** Headers as {@code np.save} wrote them (numpy 1.24.2), 128 bytes each with the magic. */
    @Test
    void npyBytesAreNumpys() {
        float[] six = {0, 1, 2, 3, 4, 5};
        assertHeader(NpzWriter.float32(new int[] {2, 3}, six), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24);
        assertHeader(NpzWriter.int64(7), "{'descr': '<i8', 'fortran_order': False, 'shape': (), }", 8);
        assertHeader(NpzWriter.uint8("{}".getBytes(StandardCharsets.UTF_8)),
                "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", 2);
    }

    private static void assertHeader(NpyArray array, String dict, int dataBytes) {
        byte[] npy = NpzWriter.npy(array);
        assertEquals(128 + dataBytes, npy.length);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 'v', 0}, Arrays.copyOf(npy, 10));
        String header = new String(npy, 10, 118, StandardCharsets.US_ASCII);
        assertEquals(dict, header.stripTrailing());
        assertEquals('\n', header.charAt(117));
    }

    @Test
    void archiveReadsBackWithTheSameNamesShapesAndValues() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("d1/fc1.weight", NpzWriter.float32(new int[] {2, 2}, new float[] {1.5f, -2, Float.MIN_VALUE, 3e38f}));
        arrays.put("step", NpzWriter.int64(-5));
        arrays.put("metadata", NpzWriter.uint8("{\"kind\":\"random\"}".getBytes(StandardCharsets.UTF_8)));
        Path file = temp.resolve("a.npz");
        Files.write(file, NpzWriter.toBytes(arrays));
        assertEquals(java.util.List.of("d1/fc1.weight", "step", "metadata"), NpzReader.arrayNames(file));
        NpyArray w = NpzReader.read(file, "d1/fc1.weight");
        assertArrayEquals(new int[] {2, 2}, w.shape());
        assertArrayEquals(new float[] {1.5f, -2, Float.MIN_VALUE, 3e38f}, w.toFloatArray());
        assertEquals(-5, NpzReader.read(file, "step").getLong(0));
        byte[] text = new byte[NpzReader.read(file, "metadata").size()];
        NpzReader.read(file, "metadata").data().get(text);
        assertEquals("{\"kind\":\"random\"}", new String(text, StandardCharsets.UTF_8));
        // No wall-clock time in the archive: the same arrays give the same bytes.
        assertArrayEquals(NpzWriter.toBytes(arrays), NpzWriter.toBytes(arrays));
    }

    @Test
    void refusesAShapeThatDoesNotMatchTheValues() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NpzWriter.float32(new int[] {2, 2}, new float[3]));
    }
}
