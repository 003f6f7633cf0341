package dev.lla.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output files appear whole, all together, or not at all. */
class AtomicFilesTest {

    private static final byte[] FIRST = "first".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECOND = "second".getBytes(StandardCharsets.UTF_8);

    @TempDir Path temp;

    @Test
    void writesEveryFileAndCreatesTheDirectory() throws IOException {
        Path out = temp.resolve("a/b");
        AtomicFiles.writeAll(files(out.resolve("one.json"), out.resolve("two.png")));
        assertArrayEquals(FIRST, Files.readAllBytes(out.resolve("one.json")));
        assertArrayEquals(SECOND, Files.readAllBytes(out.resolve("two.png")));
        assertEquals(List.of("one.json", "two.png"), names(out));
    }

    @Test
    void replacesAnEarlierVersion() throws IOException {
        Path target = temp.resolve("doc.json");
        Files.write(target, SECOND);
        AtomicFiles.write(target, FIRST);
        assertArrayEquals(FIRST, Files.readAllBytes(target));
        assertEquals(List.of("doc.json"), names(temp));
    }

    /** The second target is a non-empty directory, so it cannot be replaced: neither file stays. */
    @Test
    void failedRenameRemovesTheFilesAlreadyRenamed() throws IOException {
        Path blocked = temp.resolve("two.png");
        Files.createDirectories(blocked.resolve("inside"));
        LlaException e = assertThrows(LlaException.class,
                () -> AtomicFiles.writeAll(files(temp.resolve("one.json"), blocked)));
        assertEquals(LlaException.Kind.INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("cannot write " + blocked), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(List.of("two.png"), names(temp));
    }

    @Test
    void directoryThatIsAFileWritesNothing() throws IOException {
        Path notADirectory = Files.write(temp.resolve("out"), SECOND);
        LlaException e = assertThrows(LlaException.class,
                () -> AtomicFiles.writeAll(
                        files(notADirectory.resolve("one.json"), notADirectory.resolve("two.png"))));
        assertTrue(e.getMessage().contains("one.json"), e.getMessage());
        assertEquals(List.of("out"), names(temp));
        assertArrayEquals(SECOND, Files.readAllBytes(notADirectory));
    }

    /** Outputs are shared like any file the user creates, not private like temporary files. */
    @Test
    void filesGetTheUsualPermissions() throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (posix == null) {
            return; // no POSIX permissions to compare on this file system
        }
        Path reference = Files.createFile(temp.resolve("reference"));
        Path written = temp.resolve("written");
        AtomicFiles.write(written, FIRST);
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(written));
    }

    private static Map<Path, byte[]> files(Path first, Path second) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(first, FIRST);
        files.put(second, SECOND);
        return files;
    }

    /** File names in {@code dir}, sorted; temporary files would show here. */
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
