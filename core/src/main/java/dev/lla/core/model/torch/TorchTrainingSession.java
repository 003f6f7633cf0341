package dev.lla.core.model.torch;

import dev.lla.core.data.Batch;
import dev.lla.core.model.Evaluation;
import dev.lla.core.model.TrainingSession;
import dev.lla.core.train.ElementwiseOps;

/** Training of a {@link TorchScriptModel}: train-mode gradients that keep BatchNorm updates, TorchScript checkpoints. */
final class TorchTrainingSession implements TrainingSession<FlatVector> {

    private final TorchScriptModel model;
    private final TorchElementwiseOps elementwise;

    TorchTrainingSession(TorchScriptModel model) {
        this.model = model;
        this.elementwise = new TorchElementwiseOps((FlatParameterSpace) model.parameterSpace());
    }

    @Override
    public Evaluation gradient(Batch batch, FlatVector gradient) {
        return model.trainingGradient(batch, gradient);
    }

    @Override
    public ElementwiseOps<FlatVector> elementwise() {
        return elementwise;
    }

    @Override
    public byte[] checkpoint() {
        return model.checkpoint();
    }
}
