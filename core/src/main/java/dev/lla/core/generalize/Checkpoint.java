package dev.lla.core.generalize;

import java.nio.file.Path;

/**
 * One model of a checkpoint series.
 *
 * @param index position in the series, from 0
 * @param epoch the training epoch it was saved after ({@code epoch-NNNN.pt} or train.json), or
 *     {@code null} when its name does not say
 * @param model the TorchScript file
 */
public record Checkpoint(int index, Integer epoch, Path model) {

    /** The epoch, else the position in the series: what a figure's x axis shows. */
    public double position(boolean byEpoch) {
        return byEpoch ? epoch : index;
    }

    /** {@code epoch 5}, or the file name when the epoch is unknown. */
    public String label() {
        return epoch != null ? "epoch " + epoch : model.getFileName().toString();
    }
}
