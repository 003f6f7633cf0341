package dev.lla.core.provenance;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A file named in provenance, with its size and SHA-256, so a result can be tied to its inputs. */
public record FileDigest(String path, long bytes, String sha256) {

    /** Reads {@code path} once and digests it. */
    public static FileDigest of(Path path) {
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
}
