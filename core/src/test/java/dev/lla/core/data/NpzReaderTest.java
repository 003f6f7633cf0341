package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertInputError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lla.core.data.fixtures.DataFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzReaderTest {

    @TempDir
    Path dir;

    private Path archive(boolean deflate) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("a.npy", DataFiles.npy("<f4", new int[] {2}, 1.5, 2.5));
        members.put("b.npy", DataFiles.npy(2, ">i8", false, new int[] {3},
                DataFiles.encode(">i8", 7, 8, 9)));
        return DataFiles.write(dir.resolve("arrays.npz"), DataFiles.zip(members, deflate));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsStoredAndDeflatedMembers(boolean deflate) {
        Path file = archive(deflate);
        assertEquals(List.of("a", "b"), NpzReader.arrayNames(file));
        Map<String, NpyArray> all = NpzReader.readAll(file);
        assertArrayEquals(new float[] {1.5f, 2.5f}, all.get("a").toFloatArray());
        assertArrayEquals(new long[] {7, 8, 9}, all.get("b").toLongArray());
        assertEquals(all.get("b"), NpzReader.read(file, "b"));
    }

    @Test
    void namesMissingArrayAndListsWhatIsThere() {
        Path file = archive(true);
        assertInputError(() -> NpzReader.read(file, List.of("a", "x")), "arrays.npz",
                "no array named 'x'", "holds 'a', 'b'");
    }

    @Test
    void rejectsNonZip() {
        Path file = DataFiles.write(dir.resolve("fake.npz"), "not a zip at all".getBytes());
        assertInputError(() -> NpzReader.readAll(file), "fake.npz", "not a valid .npz file");
    }

    @Test
    void rejectsTruncatedZip() {
        byte[] zip = DataFiles.read(archive(true));
        Path file = DataFiles.write(dir.resolve("cut.npz"), Arrays.copyOf(zip, zip.length - 30));
        assertInputError(() -> NpzReader.readAll(file), "cut.npz");
    }

    @Test
    void namesTheMemberOfABrokenArray() {
        byte[] npy = DataFiles.npy("<f4", new int[] {4}, 1, 2, 3, 4);
        Path file = DataFiles.write(dir.resolve("broken.npz"), DataFiles.zip(
                Map.of("x.npy", Arrays.copyOf(npy, npy.length - 1)), true));
        assertInputError(() -> NpzReader.read(file, "x"), "broken.npz (array 'x')", "truncated");
    }

    @Test
    void emptyArchive() {
        Path file = DataFiles.write(dir.resolve("empty.npz"), DataFiles.zip(Map.of(), false));
        assertInputError(() -> NpzReader.read(file, "x"), "empty.npz", "no arrays");
    }
}
