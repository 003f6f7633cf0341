package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertInputError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lla.core.data.fixtures.DataFiles;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpyReaderTest {

    @TempDir
    Path dir;

    private static NpyArray parse(byte[] bytes) {
        return NpyReader.read(new ByteArrayInputStream(bytes), "mem.npy");
    }

    @Test
    void fixtureHeaderIsPaddedLikeNumpy() {
        // The fixture must match NumPy's layout for the reader tests to mean anything.
        byte[] v1 = DataFiles.npy("<f4", new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        assertEquals(0, (v1.length - 24) % 64);
        assertEquals('\n', v1[v1.length - 24 - 1]);
        byte[] v2 = DataFiles.npy(2, "<f4", false, new int[] {2}, DataFiles.encode("<f4", 1, 2));
        assertEquals(0, (v2.length - 8) % 64);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void readsEveryFormatVersion(int major) {
        byte[] data = DataFiles.encode("<f4", 0.5, -1.5, 3, 4, 5, 6);
        Path file = DataFiles.write(dir.resolve("a.npy"),
                DataFiles.npy(major, "<f4", false, new int[] {2, 3}, data));
        NpyArray a = NpyReader.read(file);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertEquals("float32", a.dtype().numpyName());
        assertArrayEquals(new float[] {0.5f, -1.5f, 3, 4, 5, 6}, a.toFloatArray());
    }

    @ParameterizedTest
    @CsvSource({
        "|u1, uint8", "|i1, int8", "<i2, int16", ">i2, int16", "<i4, int32", ">i4, int32",
        "<i8, int64", ">i8, int64", "<u2, uint16", ">u4, uint32", "<u8, uint64"
    })
    void readsIntegerTypesInBothByteOrders(String descr, String name) {
        boolean unsigned = name.startsWith("u");
        int bits = Integer.parseInt(name.replaceAll("\\D", ""));
        double max = unsigned ? Math.pow(2, bits) - 1 : Math.pow(2, bits - 1) - 1;
        double min = unsigned ? 0 : -Math.pow(2, bits - 1);
        if (bits == 64) {
            // Keep the values exactly representable in a double for the comparison.
            max = unsigned ? 1L << 62 : Long.MAX_VALUE >> 11;
            min = unsigned ? 0 : -(1L << 52);
        }
        double[] values = {min, 0, 1, 17, max};
        NpyArray a = parse(DataFiles.npy(descr, new int[] {5}, values));
        assertEquals(name, a.dtype().numpyName());
        assertArrayEquals(values, a.toDoubleArray());
        assertEquals((long) max, a.getLong(4));
        assertEquals((long) min, a.toLongArray()[0]);
    }

    @Test
    void unsignedValuesAboveSignedRange() {
        NpyArray u1 = parse(DataFiles.npy("|u1", new int[] {1}, 255));
        assertEquals(255, u1.getLong(0));
        byte[] allOnes = new byte[8];
        Arrays.fill(allOnes, (byte) 0xff);
        NpyArray u8 = parse(DataFiles.npy(1, "<u8", false, new int[] {1}, allOnes));
        assertEquals(18446744073709551615.0, u8.getDouble(0));
        assertThrows(ArithmeticException.class, () -> u8.getLong(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<f4", ">f4", "<f8", ">f8"})
    void readsFloatTypesInBothByteOrders(String descr) {
        double[] values = {-2.5, 0, 1e-3, 3.25e7};
        NpyArray a = parse(DataFiles.npy(descr, new int[] {2, 2}, values));
        assertEquals(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                a.dtype().order());
        for (int i = 0; i < values.length; i++) {
            assertEquals((float) values[i], a.toFloatArray()[i]);
        }
        assertThrows(IllegalStateException.class, () -> a.getLong(0));
    }

    @Test
    void readsBool() {
        NpyArray a = parse(DataFiles.npy("|b1", new int[] {3}, 1, 0, 1));
        assertEquals("bool", a.dtype().numpyName());
        assertArrayEquals(new long[] {1, 0, 1}, a.toLongArray());
    }

    @Test
    void readsZeroDimensionalArray() {
        NpyArray a = parse(DataFiles.npy("<i4", new int[] {}, 42));
        assertEquals(0, a.rank());
        assertEquals(1, a.size());
        assertEquals(42, a.getLong(0));
    }

    @Test
    void transposesFortranOrder2d() {
        // [[1, 2, 3], [4, 5, 6]] stored column by column.
        byte[] data = DataFiles.encode("<i4", 1, 4, 2, 5, 3, 6);
        NpyArray a = parse(DataFiles.npy(1, "<i4", true, new int[] {2, 3}, data));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, a.toLongArray());
        assertArrayEquals(new int[] {2, 3}, a.shape());
    }

    @Test
    void transposesFortranOrder3d() {
        int[] shape = {2, 3, 4};
        double[] fortran = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    // Element (i,j,k) has value equal to its C-order index.
                    fortran[i + 2 * j + 6 * k] = i * 12 + j * 4 + k;
                }
            }
        }
        NpyArray a = parse(DataFiles.npy(1, ">f8", true, shape, DataFiles.encode(">f8", fortran)));
        for (int c = 0; c < 24; c++) {
            assertEquals(c, a.getDouble(c));
        }
    }

    @Test
    void fortranFlagOnOneDimensionIsHarmless() {
        NpyArray a = parse(DataFiles.npy(1, "|u1", true, new int[] {3},
                DataFiles.encode("|u1", 7, 8, 9)));
        assertArrayEquals(new long[] {7, 8, 9}, a.toLongArray());
    }

    @Test
    void acceptsPython2LongsAndDoubleQuotes() {
        String dict = "{\"descr\": \"<i2\", \"fortran_order\": False, \"shape\": (2L,)}";
        NpyArray a = parse(DataFiles.npyWithHeader(1, 0, dict, DataFiles.encode("<i2", -1, 2)));
        assertArrayEquals(new long[] {-1, 2}, a.toLongArray());
    }

    @Test
    void readsUtf8HeaderOfVersion3() {
        String dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (1,), 'note': 'é✓'}";
        NpyArray a = parse(DataFiles.npyWithHeader(3, 0, dict, DataFiles.encode("<i2", 5)));
        assertEquals(5, a.getLong(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<c8", "|O", "<U5", "<f2", "|S3", "<b2", "|i2", "xyz", "<f"})
    void rejectsUnsupportedDtype(String descr) {
        Path file = DataFiles.write(dir.resolve("odd.npy"),
                DataFiles.npy(1, descr, false, new int[] {1}, new byte[16]));
        assertInputError(() -> NpyReader.read(file), "odd.npy",
                "unsupported dtype '" + descr + "'", "|u1");
    }

    @Test
    void rejectsStructuredDtype() {
        String dict = "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False,"
                + " 'shape': (1,), }";
        Path file = DataFiles.write(dir.resolve("rec.npy"),
                DataFiles.npyWithHeader(1, 0, dict, new byte[8]));
        assertInputError(() -> NpyReader.read(file), "rec.npy", "structured dtype");
    }

    @Test
    void rejectsBadMagic() {
        byte[] bytes = DataFiles.npy("<f4", new int[] {1}, 1);
        bytes[1] = 'X';
        Path file = DataFiles.write(dir.resolve("bad.npy"), bytes);
        assertInputError(() -> NpyReader.read(file), "bad.npy", "not a NumPy .npy array");
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] bytes = DataFiles.npy("<f4", new int[] {1}, 1);
        bytes[6] = 4;
        Path file = DataFiles.write(dir.resolve("v4.npy"), bytes);
        assertInputError(() -> NpyReader.read(file), "v4.npy", "version 4.0",
                "expected 1.0, 2.0 or 3.0");
    }

    @Test
    void rejectsTruncatedData() {
        byte[] bytes = DataFiles.npy("<f8", new int[] {2, 2}, 1, 2, 3, 4);
        Path file = DataFiles.write(dir.resolve("cut.npy"), Arrays.copyOf(bytes, bytes.length - 3));
        assertInputError(() -> NpyReader.read(file), "cut.npy", "truncated",
                "(2, 2) float64 (32 bytes of data) but only 29 follow");
    }

    @Test
    void rejectsTruncatedHeader() {
        byte[] bytes = DataFiles.npy("<f8", new int[] {1}, 1);
        assertInputError(() -> parse(Arrays.copyOf(bytes, 40)), "mem.npy", "truncated .npy header");
        assertInputError(() -> parse(Arrays.copyOf(bytes, 9)), "mem.npy", "truncated .npy header");
        assertInputError(() -> parse(Arrays.copyOf(bytes, 7)), "mem.npy", "truncated .npy header");
        assertInputError(() -> parse(Arrays.copyOf(bytes, 3)), "mem.npy", "not a NumPy");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] bytes = DataFiles.npy("<i4", new int[] {2}, 1, 2);
        Path file = DataFiles.write(dir.resolve("long.npy"),
                Arrays.copyOf(bytes, bytes.length + 4));
        assertInputError(() -> NpyReader.read(file), "long.npy", "4 unexpected bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f4', 'fortran_order': False}",
        "{'descr': '<f4', 'shape': (1,)}",
        "{'fortran_order': False, 'shape': (1,)}",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': 1}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)",
        "{'descr' '<f4'}",
        "['descr', '<f4']",
        "{'descr': '<f4', 'fortran_order': Fals, 'shape': (1,)}",
        "{'descr': '<f4}"
    })
    void rejectsMalformedHeader(String dict) {
        Path file = DataFiles.write(dir.resolve("hdr.npy"),
                DataFiles.npyWithHeader(1, 0, dict, new byte[4]));
        assertInputError(() -> NpyReader.read(file), "hdr.npy", "malformed .npy header");
    }

    @Test
    void rejectsHugeShapeWithoutAllocating() {
        Path file = DataFiles.write(dir.resolve("huge.npy"),
                DataFiles.npy(1, "<f8", false, new int[] {100000, 100000}, new byte[8]));
        assertInputError(() -> NpyReader.read(file), "huge.npy", "too large");
    }

    @Test
    void missingFile() {
        assertInputError(() -> NpyReader.read(dir.resolve("none.npy")), "none.npy", "no such file");
    }

    @Test
    void arraysCompareByContent() {
        NpyArray a = parse(DataFiles.npy("<i4", new int[] {2}, 1, 2));
        NpyArray b = parse(DataFiles.npy("<i4", new int[] {2}, 1, 2));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals("NpyArray[int32 (2,)]", a.toString());
    }
}
