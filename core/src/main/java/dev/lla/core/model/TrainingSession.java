package dev.lla.core.model;

import dev.lla.core.data.Batch;
import dev.lla.core.train.ElementwiseOps;

/**
 * A model being trained. Unlike an analysis, training keeps what train-mode forward passes change:
 * BatchNorm running statistics are updated by every step and stay, and the model's weights are
 * the trained ones when a checkpoint is taken.
 *
 * @param <V> the parameter-vector type
 */
public interface TrainingSession<V> {

    /**
     * Writes {@code dL/dw} on {@code batch} in train mode into {@code gradient} and returns the
     * mean loss and correct predictions of that same forward pass (at the weights before the step).
     */
    Evaluation gradient(Batch batch, V gradient);

    /** The elementwise operations an optimizer runs on parameter vectors. */
    ElementwiseOps<V> elementwise();

    /**
     * The model as it is now (weights and BatchNorm statistics) in its own file format, saved in
     * eval mode, e.g. a TorchScript archive that every lla command loads.
     */
    byte[] checkpoint();
}
