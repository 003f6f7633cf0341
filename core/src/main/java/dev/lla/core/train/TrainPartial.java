package dev.lla.core.train;

import java.util.List;

/**
 * A training run's journal: the epochs finished so far and the epochs whose checkpoints are
 * written, under the fingerprint of its inputs and options.
 *
 * @param fingerprint identifies the inputs and options (not the number of epochs)
 * @param epochs records of epochs 0..k
 * @param checkpoints epochs whose model and optimizer state are on disk, ascending
 */
public record TrainPartial(String fingerprint, List<EpochRecord> epochs, List<Integer> checkpoints) {

    public TrainPartial {
        epochs = List.copyOf(epochs);
        checkpoints = List.copyOf(checkpoints);
    }

    /** Nothing finished yet. */
    public static TrainPartial empty(String fingerprint) {
        return new TrainPartial(fingerprint, List.of(), List.of());
    }
}
