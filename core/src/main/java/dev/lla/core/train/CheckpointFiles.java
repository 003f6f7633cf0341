package dev.lla.core.train;

import java.util.Locale;

/**
 * Where a training run keeps its checkpoints, relative to its output directory:
 * {@code checkpoints/epoch-0005.pt} (the model) and {@code checkpoints/epoch-0005.adam.npz} (the
 * optimizer's state; none for epoch 0).
 */
public final class CheckpointFiles {

    private CheckpointFiles() {}

    /** The model file of {@code epoch}. */
    public static String model(int epoch) {
        return stem(epoch) + ".pt";
    }

    /** The optimizer-state file of {@code epoch} for an optimizer of {@code kind}. */
    public static String optimizerState(int epoch, OptimizerSettings.Kind kind) {
        return stem(epoch) + OptimizerStateFile.suffix(kind);
    }

    private static String stem(int epoch) {
        return String.format(Locale.ROOT, "checkpoints/epoch-%04d", epoch);
    }
}
