package dev.lla.core.train;

import java.util.List;

/**
 * Where a training run starts: from scratch, or from the checkpoint of an earlier run, whose model
 * the caller has loaded.
 *
 * @param epoch the checkpoint's epoch (0: from scratch)
 * @param optimizerState the optimizer's state at that checkpoint (null from scratch)
 * @param epochs the records of epochs 0..epoch
 */
public record TrainStart(int epoch, OptimizerState optimizerState, List<EpochRecord> epochs) {

    public TrainStart {
        epochs = List.copyOf(epochs);
    }

    /** A run from the initial model. */
    public static TrainStart fresh() {
        return new TrainStart(0, null, List.of());
    }
}
