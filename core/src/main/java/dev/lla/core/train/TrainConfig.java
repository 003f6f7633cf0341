package dev.lla.core.train;

import dev.lla.core.LlaException;

/**
 * What a training run does.
 *
 * @param epochs passes over the training data
 * @param batchSize samples per step; the last, smaller batch of an epoch is kept unless it holds a
 *     single sample (BatchNorm cannot take batch statistics of one sample)
 * @param seed fixes the shuffle of every epoch: epoch e's order depends only on (seed, e)
 * @param checkpointEvery a checkpoint after every this many epochs, and after the last
 * @param optimizer the optimizer and its settings
 */
public record TrainConfig(int epochs, int batchSize, long seed, int checkpointEvery, OptimizerSettings optimizer) {

    /** @throws LlaException (usage) naming the option whose value is out of range */
    public TrainConfig {
        if (epochs < 1) {
            throw LlaException.usage("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw LlaException.usage("--batch-size must be at least 1, got " + batchSize);
        }
        if (checkpointEvery < 1) {
            throw LlaException.usage("--checkpoint-every must be at least 1, got " + checkpointEvery);
        }
    }
}
