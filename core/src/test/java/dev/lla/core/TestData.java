package dev.lla.core;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the committed files under {@code testdata/} from any module's tests. */
public final class TestData {

    private TestData() {}

    /** {@code testdata/<relative>}, which must exist. */
    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing test data " + p + "; see testdata/README.md");
        }
        return p;
    }

    /** The testdata directory: system property {@code lla.testdata}, else found upwards. */
    public static Path root() {
        String configured = System.getProperty("lla.testdata");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("testdata/models"))) {
                return dir.resolve("testdata");
            }
        }
        throw new IllegalStateException("cannot find testdata/; set -Dlla.testdata=DIR");
    }
}
