package dev.lla.core.train;

/**
 * A model and its optimizer's state after an epoch, ready to be written.
 *
 * @param epoch 0 for the initial model
 * @param model the model file's bytes (a TorchScript archive)
 * @param optimizerState null for epoch 0, else the optimizer's state after the epoch's last step
 */
public record Checkpoint(int epoch, byte[] model, OptimizerState optimizerState) {}
