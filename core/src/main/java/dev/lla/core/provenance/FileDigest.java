package dev.lla.core.provenance;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A file named in provenance, with its size and SHA-256, so a result can be tied to its inputs.
 *
 * <p>A directory (an image folder) is not read whole: its digest is a <em>listing digest, not
 * content</em>: {@code bytes} is the total size of the regular files under it and {@code sha256}
 * the SHA-256 of their sorted {@code relative/path<TAB>size<LF>} lines (UTF-8, {@code /} as
 * separator). It notices files added, removed, renamed or resized, not edited in place.
 */
public record FileDigest(String path, long bytes, String sha256) {

    /** Reads {@code path} once and digests it; a directory gets a listing digest. */
    public static FileDigest of(Path path) {
        if (Files.isDirectory(path)) {
            return ofListing(path);
        }
        try (InputStream in = Files.newInputStream(path)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                total += n;
            }
            return new FileDigest(path.toString(), total, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw LlaException.input(path + ": cannot read for its checksum (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static FileDigest ofListing(Path dir) {
        List<String> lines = new ArrayList<>();
        long total = 0;
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    long size = Files.size(file);
                    total += size;
                    String relative = dir.relativize(file).toString()
                            .replace(file.getFileSystem().getSeparator(), "/");
                    lines.add(relative + "\t" + size + "\n");
                }
            }
            Collections.sort(lines);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return new FileDigest(dir.toString(), total, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException | UncheckedIOException e) {
            throw LlaException.input(dir + ": cannot list for its checksum (" + e.getMessage()
                    + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
