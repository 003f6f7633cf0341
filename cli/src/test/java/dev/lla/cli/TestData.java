package dev.lla.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The committed files under {@code testdata/} (see testdata/README.md). */
final class TestData {

    private static final Path ROOT = locate();

    private TestData() {}

    /** MLP8x8, trained: input (N,1,8,8), 10 classes. */
    static Path mlp() {
        return ROOT.resolve("models/mlp8x8-trained.pt");
    }

    /** 1500 UCI digits of 1×8×8 with labels 0..9. */
    static Path digitsTrain() {
        return ROOT.resolve("digits8x8/train.npz");
    }

    /** 297 UCI digits of 1×8×8. */
    static Path digitsTest() {
        return ROOT.resolve("digits8x8/test.npz");
    }

    /** A directory of MNIST IDX files, 1×28×28. */
    static Path mnist() {
        return ROOT.resolve("mnist");
    }

    /**
     * Surefire passes {@code lla.testdata}; a run from an IDE finds the directory by walking up
     * from the working directory.
     */
    private static Path locate() {
        String configured = System.getProperty("lla.testdata");
        if (configured != null && Files.isDirectory(Path.of(configured, "models"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("testdata/models"))) {
                return dir.resolve("testdata");
            }
        }
        throw new IllegalStateException("testdata/ not found above " + Path.of("").toAbsolutePath());
    }
}
