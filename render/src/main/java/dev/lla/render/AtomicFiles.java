package dev.lla.render;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Writes output files whole or not at all: to a temporary name beside the target, then renamed. */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes {@code bytes} to {@code target}, creating its directory if needed. */
    public static void write(Path target, byte[] bytes) {
        writeAll(Map.of(target, bytes));
    }

    /**
     * Writes several files as one output: all are written under temporary names first, then
     * renamed. If any step fails, the targets this call already renamed are deleted again, so a
     * failed call leaves none of them (an earlier version of a target is not restored).
     *
     * @param files target path to its bytes, renamed in iteration order
     * @throws LlaException (input) naming the target that could not be written
     */
    public static void writeAll(Map<Path, byte[]> files) {
        Map<Path, Path> staged = new LinkedHashMap<>();
        List<Path> renamed = new ArrayList<>();
        Path current = null;
        boolean done = false;
        try {
            for (Map.Entry<Path, byte[]> file : files.entrySet()) {
                current = file.getKey();
                staged.put(current, stage(current, file.getValue()));
            }
            for (Map.Entry<Path, Path> file : staged.entrySet()) {
                current = file.getKey();
                rename(file.getValue(), current);
                renamed.add(current);
            }
            done = true;
        } catch (IOException e) {
            throw LlaException.input("cannot write " + current + " (" + oneLine(e) + ")", e);
        } finally {
            for (Path temp : staged.values()) {
                deleteQuietly(temp);
            }
            if (!done) {
                renamed.forEach(AtomicFiles::deleteQuietly);
            }
        }
    }

    /**
     * Writes {@code bytes} to a new hidden file beside {@code target}. Created like any other file
     * (permissions from the umask), unlike {@link Files#createTempFile}, which makes it private.
     */
    private static Path stage(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        while (true) {
            Path temp = dir.resolve("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                out.write(bytes);
                return temp;
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name; draw again
            } catch (IOException e) {
                deleteQuietly(temp);
                throw e;
            }
        }
    }

    private static void rename(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String oneLine(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().replaceAll("\\s+", " ");
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // nothing more can be done; the caller already reports the failure
        }
    }
}
