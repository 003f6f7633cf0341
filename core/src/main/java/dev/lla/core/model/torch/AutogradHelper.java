package dev.lla.core.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.lla.core.LlaException;
import dev.lla.core.model.Loss;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Calls {@code torch.autograd.grad} through a tiny TorchScript module shipped as a resource
 * ({@code autograd.pt}, written by {@code scripts/make_autograd_helper.py}).
 *
 * <p>Why not DJL's {@code .grad}: DJL cannot reset a leaf's {@code .grad} to None, so a second
 * create-graph backward accumulates onto the first graph and Hessian-vector products come out
 * silently wrong. {@code autograd.grad} returns fresh tensors every call.
 *
 * <p>Every method returns arrays attached to the manager of the marker array it makes, which is
 * the {@code scope} passed in; lists are passed by naming arrays {@code name[]}, the convention of
 * DJL's {@link IValueUtils#forward}.
 */
final class AutogradHelper implements AutoCloseable {

    private static final String RESOURCE = "autograd.pt";

    private final PtSymbolBlock module;

    private AutogradHelper(PtSymbolBlock module) {
        this.module = module;
    }

    /** Loads the helper module onto {@code manager}'s device. */
    static AutogradHelper load(PtNDManager manager) {
        Path file = extractResource();
        try {
            PtSymbolBlock block =
                    JniUtils.loadModule(manager, file, true, new String[0], new String[0], false);
            return new AutogradHelper(block);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }

    private static Path extractResource() {
        try (InputStream in = AutogradHelper.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw LlaException.input("lla is built without its autograd helper (" + RESOURCE + ")");
            }
            Path file = Files.createTempFile("lla-autograd-", ".pt");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the autograd helper", e);
        }
    }

    /** Mean {@code loss} of {@code outputs} (N, C) against int64 {@code labels} (N), see {@link Loss}. */
    NDArray loss(NDManager scope, Loss loss, NDArray outputs, NDArray labels) {
        // The helper's argument names: "logits" for cross-entropy, "outputs" for MSE.
        return switch (loss) {
            case CROSS_ENTROPY -> call(scope, "loss", named(outputs, "logits"), named(labels, "labels"))
                    .singletonOrThrow();
            case MSE -> call(scope, "mse", named(outputs, "outputs"), named(labels, "labels")).singletonOrThrow();
        };
    }

    /** Number of samples whose arg-max logit is the label (0-d int64). */
    NDArray correct(NDManager scope, NDArray logits, NDArray labels) {
        return call(scope, "correct", named(logits, "logits"), named(labels, "labels"))
                .singletonOrThrow();
    }

    /** dL/dw without a graph. */
    NDList gradient(NDManager scope, NDArray loss, NDList params) {
        return call(scope, "gradient", named(loss, "loss"), listed(params, "params"));
    }

    /** dL/dw with its own graph retained, ready for {@link #hvp}. */
    NDList gradientGraph(NDManager scope, NDArray loss, NDList params) {
        return call(scope, "gradient_graph", named(loss, "loss"), listed(params, "params"));
    }

    /** Hv through the retained gradient graph; {@code vector} holds one tensor per parameter. */
    NDList hvp(NDManager scope, NDList grads, NDList params, NDList vector) {
        return call(
                scope, "hvp", listed(grads, "grads"), listed(params, "params"), listed(vector, "vector"));
    }

    /** {@code [u, Jᵀu per parameter]} with its graph, for {@code u = 0} shaped like {@code logits}. */
    NDList jacobianGraph(NDManager scope, NDArray logits, NDList params) {
        return call(scope, "jacobian_graph", named(logits, "logits"), listed(params, "params"));
    }

    /**
     * {@code G v = Jᵀ H_z J v}: J v by differentiating {@code jtu} in {@code u}, H_z of {@code loss}
     * in closed form, Jᵀ by one backward through {@code logits}.
     */
    NDList gaussNewton(
            NDManager scope, Loss loss, NDArray logits, NDArray u, NDList jtu, NDList params, NDList vector) {
        String method = switch (loss) {
            case CROSS_ENTROPY -> "gauss_newton_ce";
            case MSE -> "gauss_newton_mse";
        };
        return call(scope, method, named(logits, "logits"), named(u, "u"), listed(jtu, "jtu"),
                listed(params, "params"), listed(vector, "vector"));
    }

    /** {@code y ← y + a·x} in place, one fused pass (DJL has no add with alpha). */
    void axpy(NDManager scope, double a, NDArray x, NDArray y) {
        try (NDManager step = scope.newSubManager()) {
            call(step, "axpy", named(hostScalar(step, a), "a"), named(x, "x"), named(y, "y"));
        }
    }

    /** {@code params ← base + a·direction} in place, per parameter tensor, one pass each. */
    void writePoint(NDManager scope, double a, NDList base, NDList direction, NDList params) {
        try (NDManager step = scope.newSubManager()) {
            call(step, "write_point", named(hostScalar(step, a), "a"), listed(base, "base"),
                    listed(direction, "direction"), listed(params, "params"));
        }
    }

    /**
     * {@code a} as a 0-d float64 tensor on the host, whatever the device: the helper reads it with
     * {@code item()}, which on a GPU tensor would wait for the device. The CPU sub-manager is what
     * puts it on the host ({@code step} may be on a GPU, and DJL places an array by its manager's
     * device); it is a child of {@code step}, so it and the scalar close with it.
     */
    private static NDArray hostScalar(NDManager step, double a) {
        return step.newSubManager(ai.djl.Device.cpu()).create(a);
    }

    private NDList call(NDManager scope, String method, NDList... groups) {
        // The first input decides which manager owns the outputs, so it is a marker of the scope.
        NDList inputs = new NDList();
        NDArray marker = scope.create(0f);
        marker.setName("module_method:" + method);
        inputs.add(marker);
        for (NDList group : groups) {
            inputs.addAll(group);
        }
        // Grad mode is thread-local state that other calls switch off; these methods need it on.
        JniUtils.setGradMode(true);
        NDList out = IValueUtils.forward(module, inputs, true);
        marker.close();
        return out;
    }

    private static NDList named(NDArray array, String name) {
        array.setName(name);
        return new NDList(array);
    }

    private static NDList listed(NDList arrays, String name) {
        String listName = name + "[]";
        for (NDArray a : arrays) {
            a.setName(listName);
        }
        return arrays;
    }

    @Override
    public void close() {
        module.close();
    }
}
