package dev.lla.cli;

import java.nio.file.Path;

/** The bundled files the command-line tests use, found by core's {@link dev.lla.core.TestData}. */
final class TestData {

    private TestData() {}

    static Path mlp() {
        return dev.lla.core.TestData.path("models/mlp8x8-trained.pt");
    }

    /** A linear model trained with --loss mse, whose MSE loss is exactly quadratic in its weights. */
    static Path linearMse() {
        return dev.lla.core.TestData.path("models/linear8x8-mse.pt");
    }

    static Path digitsTrain() {
        return dev.lla.core.TestData.path("digits8x8/train.npz");
    }

    static Path digitsTest() {
        return dev.lla.core.TestData.path("digits8x8/test.npz");
    }

    static Path mnist() {
        return dev.lla.core.TestData.path("mnist");
    }
}
