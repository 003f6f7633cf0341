package dev.lla.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NPZ archives written by lla read back with lla's own reader (NumPy reads them too: see the README). */
class NpzWriterTest {

    @TempDir Path dir;

    @Test
    void float32ArraysAndAnInt64ScalarRoundTrip() throws IOException {
        float[] matrix = {1.5f, -2f, 3.25f, Float.NaN, 0f, -0f};
        float[] vector = {7f, 8f};
        byte[] bytes = new NpzWriter()
                .addFloat32("exp_avg/fc1.weight", new long[] {2, 3}, matrix)
                .addFloat32("exp_avg/fc1.bias", new long[] {2}, vector)
                .addInt64Scalar("step", 42)
                .toBytes();
        Path file = dir.resolve("state.npz");
        Files.write(file, bytes);

        assertEquals(List.of("exp_avg/fc1.weight", "exp_avg/fc1.bias", "step"), NpzReader.arrayNames(file));
        Map<String, NpyArray> arrays = NpzReader.readAll(file);
        NpyArray m = arrays.get("exp_avg/fc1.weight");
        assertArrayEquals(new int[] {2, 3}, m.shape());
        assertEquals("float32", m.dtype().numpyName());
        assertArrayEquals(matrix, m.toFloatArray());
        assertArrayEquals(new int[] {2}, arrays.get("exp_avg/fc1.bias").shape());
        assertArrayEquals(vector, arrays.get("exp_avg/fc1.bias").toFloatArray());
        NpyArray step = arrays.get("step");
        assertEquals(0, step.rank());
        assertEquals("int64", step.dtype().numpyName());
        assertEquals(42L, step.getLong(0));
    }

    @Test
    void headersPadTheDataToSixtyFourBytes() {
        for (long[] shape : new long[][] {{}, {3}, {2, 3}, {1000, 1000, 3}}) {
            byte[] npy = NpzWriter.npy("<f4", shape, new byte[0]);
            int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
            assertEquals(0, (10 + headerLength) % 64, "shape " + java.util.Arrays.toString(shape));
            assertEquals('\n', npy[10 + headerLength - 1]);
        }
    }

    @Test
    void sameArraysGiveTheSameBytes() {
        byte[] a = new NpzWriter().addFloat32("x", new long[] {1}, new float[] {1}).toBytes();
        byte[] b = new NpzWriter().addFloat32("x", new long[] {1}, new float[] {1}).toBytes();
        assertArrayEquals(a, b);
    }

    @Test
    void refusesAShapeThatDoesNotMatchTheValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new NpzWriter().addFloat32("x", new long[] {2, 2}, new float[3]));
    }
}
