package dev.lla.core.model.torch;

import dev.lla.core.data.Batch;
import dev.lla.core.landscape.TensorwiseOps;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.EngineInfo;
import dev.lla.core.model.Evaluation;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.VectorSpace;
import java.util.List;

/**
 * A model that passes everything to a real one and keeps a host copy of the weights written by
 * the {@code target}-th call of {@link #writeWeights} (0-based): a landscape grid's point
 * {@code (i, j)} is call {@code i·|y| + j}.
 */
final class WeightsRecorder implements TrainableModel<FlatVector> {

    private final TorchScriptModel model;
    private final int target;
    private int calls;
    private float[] recorded;

    WeightsRecorder(TorchScriptModel model, int target) {
        this.model = model;
        this.target = target;
    }

    /** The weights of the target call. */
    float[] recorded() {
        if (recorded == null) {
            throw new IllegalStateException("only " + calls + " writes");
        }
        return recorded;
    }

    @Override
    public void writeWeights(FlatVector w) {
        if (calls++ == target) {
            recorded = ((FlatParameterSpace) model.parameterSpace()).toHost(w);
        }
        model.writeWeights(w);
    }

    @Override
    public List<ParameterInfo> parameters() {
        return model.parameters();
    }

    @Override
    public VectorSpace<FlatVector> parameterSpace() {
        return model.parameterSpace();
    }

    @Override
    public int outputClasses(Batch probe) {
        return model.outputClasses(probe);
    }

    @Override
    public Evaluation evaluate(Batch batch, ModelMode mode) {
        return model.evaluate(batch, mode);
    }

    @Override
    public double gradient(Batch batch, ModelMode mode, FlatVector gradient) {
        return model.gradient(batch, mode, gradient);
    }

    @Override
    public BatchHessian<FlatVector> hessian(Batch batch, ModelMode mode) {
        return model.hessian(batch, mode);
    }

    @Override
    public void readWeights(FlatVector out) {
        model.readWeights(out);
    }

    @Override
    public TensorwiseOps<FlatVector> tensorwise() {
        return model.tensorwise();
    }

    @Override
    public void restoreBuffers() {
        model.restoreBuffers();
    }

    @Override
    public dev.lla.core.model.TrainingSession<FlatVector> startTraining() {
        throw new UnsupportedOperationException("a recorder of landscape weights does not train");
    }

    @Override
    public String device() {
        return model.device();
    }

    @Override
    public EngineInfo engine() {
        return model.engine();
    }

    @Override
    public void close() {
        // the wrapped model belongs to the test
    }
}
