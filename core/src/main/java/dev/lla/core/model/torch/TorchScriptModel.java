package dev.lla.core.model.torch;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import dev.lla.core.LlaException;
import dev.lla.core.bench.NativeHeap;
import dev.lla.core.data.Batch;
import dev.lla.core.landscape.TensorwiseOps;
import dev.lla.core.memory.AvailableMemory;
import dev.lla.core.memory.DeviceMemory;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.EngineInfo;
import dev.lla.core.model.Evaluation;
import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.model.TrainingSession;
import dev.lla.core.spectrum.VectorSpace;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A TorchScript module on libtorch, loaded with trainable parameters (DJL's default load gives
 * inference tensors, which refuse gradients).
 *
 * <p>Train/eval is set explicitly on the native module before every forward: a freshly loaded
 * block's Java flag says "train" while the native module is in eval. Train-mode forwards update
 * BatchNorm running statistics, and DJL exposes no buffers, so the module is written to a
 * temporary file before the first one and reloaded by {@link #restoreBuffers()}.
 */
public final class TorchScriptModel implements TrainableModel<FlatVector> {

    private final Path path;
    private final PtNDManager manager;
    /** Batches kept on the device across calls; a budget bounds the memory they hold. */
    private static final long DEVICE_BATCH_BUDGET_BYTES = 256L << 20;

    private final AutogradHelper autograd;
    private final DeviceBatches onDevice;
    private final FlatParameterSpace space;
    private final TorchTensorwiseOps tensorwise;
    private final List<ParameterInfo> parameters;
    private final Predicate<String> include;
    private final Loss loss;
    /** What {@link ConvKernelCheck} found wrong in this CPU's kernels for the model's shapes. */
    private final List<String> engineWarnings;
    private PtSymbolBlock module;
    private NDList params;
    private ModelMode nativeMode;
    private Path snapshot;
    private boolean buffersDirty;
    /** Set by {@link #startTraining()}: train-mode forwards update the buffers for good. */
    private boolean training;

    private TorchScriptModel(Path path, PtNDManager manager, PtSymbolBlock module, Predicate<String> include,
            Loss loss) {
        this.path = path;
        this.manager = manager;
        this.module = module;
        this.include = include;
        this.loss = loss;
        this.params = trainableParameters(module, manager, path, include);
        List<ParameterInfo> infos = new ArrayList<>();
        long count = 0;
        for (NDArray p : params) {
            infos.add(new ParameterInfo(p.getName(), p.getShape().getShape()));
            count += p.size();
        }
        this.parameters = Collections.unmodifiableList(infos);
        this.autograd = AutogradHelper.load(manager);
        this.engineWarnings = params.get(0).getDataType() == DataType.FLOAT32
                ? ConvKernelCheck.warnings(manager, autograd, params) : List.of();
        this.space = new FlatParameterSpace(manager.newSubManager(), count, params.get(0).getDataType(), autograd);
        this.tensorwise = new TorchTensorwiseOps(manager, parameters, space.dataType());
        this.onDevice = new DeviceBatches(manager.newSubManager(), space.dataType(), DEVICE_BATCH_BUDGET_BYTES);
    }

    /** Loads {@code path} onto {@code device}; every failure is one clear {@link LlaException}. */
    public static TorchScriptModel load(Path path, Device device) {
        return load(path, device, name -> true);
    }

    /**
     * Loads {@code path} with only the parameters whose names {@code include} accepts as
     * variables: their Hessian is a diagonal block of the full one.
     */
    public static TorchScriptModel load(Path path, Device device, Predicate<String> include) {
        return load(path, device, include, Loss.CROSS_ENTROPY);
    }

    /** Loads {@code path} as {@link #load(Path, Device, Predicate)}, with {@code loss} as L(w). */
    public static TorchScriptModel load(Path path, Device device, Predicate<String> include, Loss loss) {
        TorchScriptArchive.check(path);
        TorchRuntime.engine();
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager(device, "PyTorch");
        try {
            return new TorchScriptModel(path, manager, loadModule(manager, path), include, loss);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static PtSymbolBlock loadModule(PtNDManager manager, Path path) {
        try {
            return JniUtils.loadModule(manager, path, true, new String[0], new String[0], true);
        } catch (EngineException | IllegalArgumentException e) {
            throw LlaException.input(
                    path + ": libtorch cannot load this TorchScript archive ("
                            + TorchRuntime.cause(e.getMessage()) + ")", e);
        }
    }

    private static NDList trainableParameters(
            PtSymbolBlock module, PtNDManager manager, Path path, Predicate<String> include) {
        NDList every = JniUtils.moduleGetParams(module, manager);
        if (every.isEmpty()) {
            throw LlaException.input(path + ": the model has no parameters (torch.jit.freeze turns them into"
                    + " constants: export the model unfrozen with torch.jit.script(model).save(path))");
        }
        NDList all = new NDList();
        for (NDArray p : every) {
            if (include.test(p.getName())) {
                all.add(p);
            } else {
                // Fixed parameters: autograd need not record the graph through them.
                JniUtils.attachGradient((PtNDArray) p, false);
            }
        }
        if (all.isEmpty()) {
            List<String> names = every.stream().map(NDArray::getName).toList();
            throw LlaException.usage("--params matches none of the model's parameters: " + String.join(", ", names));
        }
        for (NDArray p : all) {
            PtNDArray pt = (PtNDArray) p;
            if (!JniUtils.requiresGrad(pt)) {
                JniUtils.attachGradient(pt, true);
            }
            if (p.getDataType() != all.get(0).getDataType()) {
                throw LlaException.input(
                        path + ": parameters mix " + all.get(0).getDataType() + " and " + p.getDataType());
            }
        }
        return all;
    }

    @Override
    public List<ParameterInfo> parameters() {
        return parameters;
    }

    @Override
    public VectorSpace<FlatVector> parameterSpace() {
        return space;
    }

    @Override
    public String device() {
        return manager.getDevice().toString();
    }

    @Override
    public EngineInfo engine() {
        return TorchRuntime.info().withWarnings(engineWarnings);
    }

    @Override
    public Optional<DeviceMemory> deviceMemory() {
        Device device = manager.getDevice();
        int scalarBytes = space.dataType().getNumOfBytes();
        if (!device.isGpu()) {
            return Optional.of(cpuMemory(scalarBytes));
        }
        MemoryUsage gpu = gpuMemory(device);
        long free = gpu == null || gpu.getMax() <= 0 ? -1 : gpu.getMax() - gpu.getCommitted();
        return Optional.of(new DeviceMemory(device.toString(), false, scalarBytes, DEVICE_BATCH_BUDGET_BYTES, free,
                "CUDA free memory"));
    }

    /** The CPU's memory for parameters of {@code scalarBytes}: the host's available RAM. */
    public static DeviceMemory cpuMemory(int scalarBytes) {
        AvailableMemory.Reading host = AvailableMemory.host();
        return new DeviceMemory(Device.cpu().toString(), true, scalarBytes, DEVICE_BATCH_BUDGET_BYTES, host.bytes(),
                host.source());
    }

    @Override
    public long graphBytes(Batch batch, ModelMode mode, Curvature curvature) {
        onDevice.get(batch); // the batch's copy stays cached: the plan counts it with the batches
        long before = bytesInUse();
        if (before < 0) {
            return -1;
        }
        try (BatchHessian<FlatVector> graph = curvature(batch, mode, curvature)) {
            long after = bytesInUse();
            return after < 0 ? -1 : Math.max(0, after - before);
        }
    }

    /**
     * Bytes in use on the device: on a CPU glibc's count of the C heap (libtorch allocates there),
     * on a GPU its used memory as CUDA reports it (libtorch's caching allocator may serve a graph
     * from blocks it already holds, so a difference can fall short); -1 where unknown.
     */
    private long bytesInUse() {
        Device device = manager.getDevice();
        if (!device.isGpu()) {
            return NativeHeap.inUseBytes();
        }
        MemoryUsage gpu = gpuMemory(device);
        return gpu == null ? -1 : gpu.getCommitted();
    }

    /** CUDA's memory figures of {@code device}, null when the CUDA library cannot say. */
    private static MemoryUsage gpuMemory(Device device) {
        try {
            return CudaUtils.hasCuda() ? CudaUtils.getGpuMemory(device) : null;
        } catch (RuntimeException | LinkageError e) {
            return null; // no usable CUDA runtime: the plan says "unknown" instead of guessing
        }
    }

    @Override
    public int outputClasses(Batch probe) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray logits = forward(scope, onDevice.get(probe).x(), ModelMode.EVAL, false);
            Shape shape = logits.getShape();
            if (shape.dimension() != 2 || shape.get(0) != probe.size()) {
                throw LlaException.input(
                        path + ": model output has shape " + shape + " for " + probe.size()
                                + " samples; lla needs logits of shape (N, classes)");
            }
            return (int) shape.get(1);
        }
    }

    @Override
    public Evaluation evaluate(Batch batch, ModelMode mode) {
        try (NDManager scope = manager.newSubManager()) {
            DeviceBatches.OnDevice data = onDevice.get(batch);
            NDArray logits = forward(scope, data.x(), mode, false);
            NDArray labels = data.y();
            double value = autograd.loss(scope, loss, logits, labels).getFloat();
            long correct = autograd.correct(scope, logits, labels).getLong();
            return new Evaluation(value, correct, batch.size());
        }
    }

    @Override
    public double gradient(Batch batch, ModelMode mode, FlatVector gradient) {
        try (NDManager scope = manager.newSubManager()) {
            DeviceBatches.OnDevice data = onDevice.get(batch);
            NDArray logits = forward(scope, data.x(), mode, true);
            NDArray value = autograd.loss(scope, loss, logits, data.y());
            flattenInto(scope, autograd.gradient(scope, value, params), gradient);
            return value.getFloat();
        }
    }

    @Override
    public BatchHessian<FlatVector> hessian(Batch batch, ModelMode mode) {
        NDManager graph = manager.newSubManager();
        try {
            DeviceBatches.OnDevice data = onDevice.get(batch);
            NDArray logits = forward(graph, data.x(), mode, true);
            NDArray labels = data.y();
            NDArray value = autograd.loss(graph, loss, logits, labels);
            long correct = autograd.correct(graph, logits, labels).getLong();
            NDList grads = autograd.gradientGraph(graph, value, params);
            return new TorchBatchHessian(this, graph, grads, value.getFloat(), correct, batch.size());
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    @Override
    public BatchHessian<FlatVector> curvature(Batch batch, ModelMode mode, Curvature curvature) {
        if (curvature == Curvature.HESSIAN) {
            return hessian(batch, mode);
        }
        NDManager graph = manager.newSubManager();
        try {
            DeviceBatches.OnDevice data = onDevice.get(batch);
            NDArray logits = forward(graph, data.x(), mode, true);
            NDArray labels = data.y();
            NDArray value = autograd.loss(graph, loss, logits, labels);
            long correct = autograd.correct(graph, logits, labels).getLong();
            // NME needs the Hessian's gradient graph as well; G needs only z's graph.
            NDList grads = curvature == Curvature.NME ? autograd.gradientGraph(graph, value, params) : null;
            NDList jacobian = autograd.jacobianGraph(graph, logits, params);
            NDArray u = jacobian.get(0);
            NDList jtu = jacobian.subNDList(1);
            TorchBatchCurvature.Graphs graphs = new TorchBatchCurvature.Graphs(graph, logits, u, jtu, grads);
            return new TorchBatchCurvature(this, curvature, graphs, value.getFloat(), correct, batch.size());
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /** G v through the graphs of {@link TorchBatchCurvature}. */
    NDList gaussNewton(NDManager scope, TorchBatchCurvature.Graphs graphs, NDList vector) {
        return autograd.gaussNewton(scope, loss, graphs.logits(), graphs.u(), graphs.jtu(), params, vector);
    }

    @Override
    public void readWeights(FlatVector out) {
        try (NDManager scope = manager.newSubManager()) {
            // With grad mode on, the copy would be recorded in the parameters' autograd graph.
            JniUtils.setGradMode(false);
            flattenInto(scope, params, out);
        }
    }

    @Override
    public void writeWeights(FlatVector w) {
        try (NDManager scope = manager.newSubManager()) {
            // In-place writes to leaves that require gradients are allowed only with grad mode off.
            JniUtils.setGradMode(false);
            NDList views = asParameterViews(scope, w);
            for (int i = 0; i < views.size(); i++) {
                assign(params.get(i), views.get(i));
            }
        }
    }

    /**
     * One pass per parameter tensor, {@code torch.add(base, direction, alpha=a, out=p)}: it reads
     * 2P and writes P numbers, where forming the point in a flat vector first and then copying it
     * into the parameters moved 9P (issue 14: a ResNet18 point is memory-bound next to a forward).
     */
    @Override
    public void writeWeights(FlatVector base, double a, FlatVector direction) {
        try (NDManager scope = manager.newSubManager()) {
            JniUtils.setGradMode(false);
            autograd.writePoint(scope, a, asParameterViews(scope, base), asParameterViews(scope, direction), params);
        }
    }

    /** {@code target[...] = source} in place (same shape), on the device. */
    static void assign(NDArray target, NDArray source) {
        long[] shape = target.getShape().getShape();
        long[] zeros = new long[shape.length];
        long[] ones = new long[shape.length];
        java.util.Arrays.fill(ones, 1L);
        JniUtils.indexSet((PtNDArray) target, (PtNDArray) source, zeros, shape, ones);
    }

    /** {@code target[offset : offset + len(source)] = source} in place, for 1-D tensors. */
    static void assignRange(NDArray target, long offset, NDArray source) {
        long end = offset + source.getShape().get(0);
        JniUtils.indexSet((PtNDArray) target, (PtNDArray) source, new long[] {offset}, new long[] {end}, new long[] {1});
    }

    @Override
    public TensorwiseOps<FlatVector> tensorwise() {
        return tensorwise;
    }

    /** Hv for the gradient graph {@code grads}; called by {@link TorchBatchHessian}. */
    NDList hvp(NDManager scope, NDList grads, NDList vector) {
        return autograd.hvp(scope, grads, params, vector);
    }

    /**
     * Copies per-parameter tensors into {@code out}'s slices in place: no P-sized tensor is
     * allocated, where a concatenation made a fresh one for every product (issue 14).
     */
    void flattenInto(NDManager scope, NDList perParameter, FlatVector out) {
        NDList views = asParameterViews(scope, out);
        for (int i = 0; i < views.size(); i++) {
            assign(views.get(i), perParameter.get(i));
        }
    }

    /** Splits a flat vector into views shaped like the parameters (no copy). */
    NDList asParameterViews(NDManager scope, FlatVector v) {
        long[] offsets = new long[parameters.size() - 1];
        long offset = 0;
        for (int i = 0; i < offsets.length; i++) {
            offset += parameters.get(i).size();
            offsets[i] = offset;
        }
        NDList pieces = v.data.split(offsets, 0);
        pieces.attach(scope);
        NDList views = new NDList(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            NDArray view = pieces.get(i).reshape(new Shape(parameters.get(i).shape()));
            view.attach(scope);
            views.add(view);
        }
        return views;
    }


    private NDArray forward(NDManager scope, NDArray x, ModelMode mode, boolean withGraph) {
        setMode(mode);
        // libtorch's grad mode is thread-local, and DJL's engine turns it off at start-up.
        JniUtils.setGradMode(withGraph);
        // The profiling graph executor re-optimizes the module after its first runs, which
        // changes float rounding between identical calls: same seed must give the same numbers
        // (a resumed run must equal an uninterrupted one). Also thread-local.
        JniUtils.setGraphExecutorOptimize(false);
        NDList out;
        try {
            out = IValueUtils.forward(module, new NDList(x), true);
        } catch (EngineException e) {
            throw LlaException.input(
                    "data samples of shape " + x.getShape().slice(1) + " do not fit the model "
                            + path + " (" + TorchRuntime.cause(e.getMessage()) + ")", e);
        }
        out.attach(scope);
        if (out.isEmpty()) {
            throw LlaException.input(path + ": the model returned no tensor");
        }
        return out.get(0);
    }

    private void setMode(ModelMode mode) {
        if (mode == ModelMode.TRAIN && !training) {
            saveSnapshotOnce();
            buffersDirty = true;
        }
        if (mode != nativeMode) {
            if (mode == ModelMode.TRAIN) {
                JniUtils.enableTrainingMode(module);
            } else {
                JniUtils.enableInferenceMode(module);
            }
            nativeMode = mode;
        }
    }

    private void saveSnapshotOnce() {
        if (snapshot != null) {
            return;
        }
        try {
            snapshot = Files.createTempFile("lla-model-", ".pt");
            try (OutputStream out = Files.newOutputStream(snapshot)) {
                JniUtils.writeModule(module, out, false);
            }
        } catch (IOException e) {
            throw LlaException.input("cannot save the model's BatchNorm state to a temporary file: " + e.getMessage(), e);
        }
    }

    @Override
    public TrainingSession<FlatVector> startTraining() {
        TorchScriptArchive.checkTrainable(path);
        // Statistics an earlier analysis changed go back first; from here on they are kept.
        restoreBuffers();
        training = true;
        return new TorchTrainingSession(this);
    }

    /** {@link #gradient} that also counts correct predictions of the same train-mode forward. */
    Evaluation trainingGradient(Batch batch, FlatVector gradient) {
        try (NDManager scope = manager.newSubManager()) {
            // Each training batch is new: cached, it would only evict the evaluation batches.
            DeviceBatches.OnDevice data = onDevice.once(scope, batch);
            NDArray logits = forward(scope, data.x(), ModelMode.TRAIN, true);
            NDArray value = autograd.loss(scope, loss, logits, data.y());
            long correct = autograd.correct(scope, logits, data.y()).getLong();
            flattenInto(scope, autograd.gradient(scope, value, params), gradient);
            return new Evaluation(value.getFloat(), correct, batch.size());
        }
    }

    /** The module serialized in eval mode, so that a plain {@code torch.jit.load} gets it ready for inference. */
    byte[] checkpoint() {
        setMode(ModelMode.EVAL);
        return serialized();
    }

    /** The module as libtorch serializes it now (buffers included); for tests of BN restoration. */
    byte[] serialized() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        JniUtils.writeModule(module, bytes, false);
        return bytes.toByteArray();
    }

    /**
     * Arrays alive in this model's managers, less the cached batches and the released vectors
     * kept for reuse (at most a few); flat across Hessian-vector products.
     */
    int liveArrays() {
        return manager.getManagedArrays().size() - onDevice.arrays() - space.releasedKept();
    }

    @Override
    public void restoreBuffers() {
        if (!buffersDirty) {
            return;
        }
        PtSymbolBlock restored = loadModule(manager, snapshot);
        NDList restoredParams = trainableParameters(restored, manager, path, include);
        params.close();
        module.close();
        module = restored;
        params = restoredParams;
        nativeMode = null;
        buffersDirty = false;
    }

    @Override
    public void close() {
        try {
            restoreBuffers();
        } finally {
            autograd.close();
            manager.close();
            deleteSnapshot();
        }
    }

    private void deleteSnapshot() {
        if (snapshot != null) {
            try {
                Files.deleteIfExists(snapshot);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }
}
