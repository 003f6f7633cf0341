package dev.lla.core.train;

/**
 * What one epoch gave. Epoch 0 is the initial model: no training loss, only its evaluation.
 *
 * @param epoch 0 for the initial model, else 1..epochs
 * @param trainLoss running mean over the epoch's minibatches of their mean cross-entropy, each at
 *     the weights before its step, in train mode, weighted by batch size; NaN for epoch 0
 * @param trainAccuracy the same running mean of the minibatches' accuracy; NaN for epoch 0
 * @param eval the end-of-epoch evaluation of the evaluation data in eval mode, or null without one
 * @param checkpoint whether a checkpoint was taken after this epoch
 * @param seconds wall time of the epoch, evaluation included
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, Eval eval, boolean checkpoint,
        double seconds) {

    /** Mean loss and accuracy over a whole evaluation set. */
    public record Eval(double loss, double accuracy) {}
}
