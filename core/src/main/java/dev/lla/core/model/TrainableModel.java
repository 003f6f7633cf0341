package dev.lla.core.model;

import dev.lla.core.data.Batch;
import dev.lla.core.landscape.TensorwiseOps;
import dev.lla.core.memory.DeviceMemory;
import dev.lla.core.spectrum.VectorSpace;
import java.util.List;

/**
 * A model loaded on a device with its trainable parameters, able to give exact Hessian-vector
 * products of its mean loss ({@link Loss}: cross-entropy unless chosen otherwise). Implementations
 * keep every parameter vector on the device; {@link #parameterSpace()} is the vector space the
 * spectral algorithms run in.
 *
 * @param <V> the parameter-vector type
 */
public interface TrainableModel<V> extends AutoCloseable {

    /** Trainable parameter tensors, in {@code named_parameters()} order. */
    List<ParameterInfo> parameters();

    /** The space of flat parameter vectors (dimension P). */
    VectorSpace<V> parameterSpace();

    /**
     * Runs the model on a few samples and returns the number of output classes. Throws an input
     * error with one clear line when the samples do not fit the model or its output is not
     * {@code (N, classes)} logits.
     */
    int outputClasses(Batch probe);

    /** Mean loss and correct predictions on {@code batch}, without building a gradient graph. */
    Evaluation evaluate(Batch batch, ModelMode mode);

    /** Writes {@code dL/dw} on {@code batch} into {@code gradient}; returns the mean loss. */
    double gradient(Batch batch, ModelMode mode, V gradient);

    /** Builds the gradient graph of the mean loss on {@code batch} in {@code mode}. */
    BatchHessian<V> hessian(Batch batch, ModelMode mode);

    /**
     * Builds the graphs for products with {@code curvature} on {@code batch}; {@link Curvature#HESSIAN}
     * is {@link #hessian}. Models that only give Hessian products refuse the others with an input error.
     */
    default BatchHessian<V> curvature(Batch batch, ModelMode mode, Curvature curvature) {
        if (curvature == Curvature.HESSIAN) {
            return hessian(batch, mode);
        }
        throw dev.lla.core.LlaException.input(
                "--operator " + curvature.label() + " is not available for this model (Hessian products only)");
    }

    /** Copies the current parameters into {@code out}, on the device. */
    void readWeights(V out);

    /**
     * Sets the parameters to {@code w} in place, on the device (no host copy, no reload), so that
     * a loss-landscape grid sets each point's weights absolutely from the original ones.
     */
    void writeWeights(V w);

    /**
     * Sets the parameters to {@code base + a·direction} in place, on the device: a landscape
     * point's weights from its row's base vector and the second direction. The default builds
     * the point in a temporary vector; engines override it with one pass that writes the
     * parameters directly.
     */
    default void writeWeights(V base, double a, V direction) {
        VectorSpace<V> space = parameterSpace();
        V w = space.zeros();
        try {
            space.copy(base, w);
            space.axpy(a, direction, w);
            writeWeights(w);
        } finally {
            space.release(w);
        }
    }

    /** Per-tensor operations on parameter vectors (norms per tensor and per filter, scaling). */
    TensorwiseOps<V> tensorwise();

    /** Restores the BatchNorm running statistics changed by train-mode forward passes. */
    void restoreBuffers();

    /**
     * Starts training this model: from now on train-mode forward passes keep their BatchNorm
     * updates ({@link #restoreBuffers()} and {@link #close()} no longer undo them).
     *
     * @throws dev.lla.core.LlaException (input) if the model cannot be trained faithfully, e.g. a
     *     traced model whose BatchNorm mode was fixed when it was traced
     */
    TrainingSession<V> startTraining();

    /** Where it runs, e.g. {@code cpu()} or {@code gpu(0)}. */
    String device();

    /** What runs it, e.g. {@code PyTorch 2.7.1 via DJL 0.35.1}. */
    EngineInfo engine();

    /** The current weights in one host array, in parameter order (one device-to-host copy; for files and tests). */
    default float[] weightsOnHost() {
        V w = parameterSpace().zeros();
        try {
            readWeights(w);
            return tensorwise().toFloats(w);
        } finally {
            parameterSpace().release(w);
        }
    }

    /** Its device's memory, for planning a run; empty where the model cannot say (then no plan is made). */
    default java.util.Optional<DeviceMemory> deviceMemory() {
        return java.util.Optional.empty();
    }

    /**
     * Device bytes that the {@code curvature} graph of {@code batch} holds while it is kept for
     * products, measured by building it once and closing it; -1 where the device cannot tell. The
     * batch's own copy on the device is not counted.
     */
    default long graphBytes(Batch batch, ModelMode mode, Curvature curvature) {
        return -1;
    }

    @Override
    void close();
}
