package dev.lla.core.model.torch;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the CPU's float32 convolution input gradients, shaped like a model's convolutions,
 * against the definition summed in float64.
 *
 * <p>Why: libtorch 2.7.1's oneDNN 3.7.1 computes wrong input gradients on some AVX-512 CPUs
 * for convolutions whose output channels are not a multiple of 16 (README, "Known engine
 * defect"), which silently corrupts gradients, HVPs and training. A process cannot change
 * oneDNN's kernels once it has made one, so what is found goes into the model's engine
 * warnings, and the command line either runs again with {@code ONEDNN_MAX_CPU_ISA=AVX} or warns.
 *
 * <p>Every four-dimensional parameter but the first is taken as a conv2d weight (out, in, kh,
 * kw) with one group, stride 1 and "same" padding. The first is the model's stem, whose input
 * gradient is never computed (the data need none). Inputs are fixed formulas, not random, so
 * the check leaves libtorch's generator as it was. Verdicts are kept per shape for the process.
 */
final class ConvKernelCheck {

    /** float32 against float64, relative to the gradient's largest entry; rounding stays far below. */
    static final double TOLERANCE = 1e-3;
    private static final int LARGEST_KERNEL = 11;
    private static final int EXTRA_TRIES = 2;
    private static final Map<Shape, Double> ERRORS = new ConcurrentHashMap<>();

    private ConvKernelCheck() {}

    /** A warning line for each wrong shape among {@code params} on {@code manager}'s CPU; none on a GPU. */
    static List<String> warnings(NDManager manager, AutogradHelper autograd, NDList params) {
        if (manager.getDevice().isGpu()) {
            return List.of();
        }
        List<String> wrong = new ArrayList<>();
        double worst = 0;
        boolean stem = true;
        for (NDArray p : params) {
            Shape shape = p.getShape();
            if (shape.dimension() != 4 || p.getDataType() != DataType.FLOAT32) {
                continue;
            }
            if (stem) {
                stem = false;
                continue;
            }
            if (shape.get(2) > LARGEST_KERNEL || shape.get(3) > LARGEST_KERNEL) {
                continue;
            }
            double error = ERRORS.computeIfAbsent(shape, s -> checked(manager, autograd, s));
            if (!(error <= TOLERANCE)) {
                wrong.add(p.getName() + " " + shape);
                worst = Double.isNaN(error) || Double.isNaN(worst) ? Double.NaN : Math.max(worst, error);
            }
        }
        if (wrong.isEmpty()) {
            return List.of();
        }
        return List.of(String.format(Locale.ROOT, "this CPU's float32 convolution input gradients are wrong for"
                + " weights shaped like %s (relative error %s against float64), so gradients, HVPs and"
                + " training of this model are wrong here; rerun with ONEDNN_MAX_CPU_ISA=AVX set (slower,"
                + " exact), see README, Known engine defect",
                String.join(", ", wrong), Double.isNaN(worst) ? "NaN" : String.format(Locale.ROOT, "%.2g", worst)));
    }

    /** The shape's error; 0 (nothing to say) where libtorch refuses the shape as a convolution. */
    private static double checked(NDManager manager, AutogradHelper autograd, Shape weight) {
        try {
            return relativeError(manager, autograd, Geometry.probe(weight));
        } catch (EngineException e) {
            return 0;
        }
    }

    /** max |g32 − g64| / max |g64| for the input gradient of {@code sum(conv2d(x, w) · u)}; NaN when float32 gives NaN. */
    static double relativeError(NDManager manager, AutogradHelper autograd, Geometry g) {
        float[][] inputs = inputs(g);
        double[] reference = definition(g, inputs[1], inputs[2]);
        double worst = error(kernelInputGradient(manager, autograd, g, inputs[0], inputs[1], inputs[2]), reference);
        // The wrong kernels read memory they should not: about one process in ten, their first
        // result here came out right (seen on the AMD EPYC). Two more tries, with the memory
        // the earlier ones left, catch what the first missed.
        for (int extra = 0; extra < EXTRA_TRIES && worst <= TOLERANCE; extra++) {
            worst = Math.max(worst, error(kernelInputGradient(manager, autograd, g, inputs[0], inputs[1], inputs[2]),
                    reference));
        }
        return worst;
    }

    private static double error(double[] kernel, double[] reference) {
        double scale = 0;
        double error = 0;
        for (int i = 0; i < reference.length; i++) {
            scale = Math.max(scale, Math.abs(reference[i]));
            double d = Math.abs(kernel[i] - reference[i]);
            error = Double.isNaN(d) ? Double.NaN : Math.max(error, d);
        }
        return error / Math.max(scale, Double.MIN_NORMAL);
    }

    /**
     * The input gradient on the host, from libtorch's float32 kernels (first) and from the
     * definition summed in float64 here (second), for the same float32 inputs: x = {@link
     * #pattern}(1), w = pattern(2) / sqrt(in·kh·kw), u = pattern(3). The reference is
     * plain Java because libtorch's own float64 convolution asks NNPACK first, which on CPUs it
     * does not support prints a warning on every call.
     */
    static double[][] inputGradients(NDManager manager, AutogradHelper autograd, Geometry g) {
        float[][] inputs = inputs(g);
        return new double[][] {kernelInputGradient(manager, autograd, g, inputs[0], inputs[1], inputs[2]),
            definition(g, inputs[1], inputs[2])};
    }

    /** x, w and u for {@code g}. */
    private static float[][] inputs(Geometry g) {
        float[] x = pattern(g.n() * g.in() * g.h() * g.w(), 1);
        float[] w = pattern(g.out() * g.in() * g.kh() * g.kw(), 2);
        float norm = (float) Math.sqrt((double) g.in() * g.kh() * g.kw());
        for (int i = 0; i < w.length; i++) {
            w[i] /= norm;
        }
        float[] u = pattern(g.n() * g.out() * g.oh() * g.ow(), 3);
        return new float[][] {x, w, u};
    }

    private static double[] kernelInputGradient(NDManager manager, AutogradHelper autograd, Geometry g, float[] x,
            float[] w, float[] u) {
        boolean gradMode = JniUtils.isGradMode();
        try (NDManager scope = manager.newSubManager()) {
            JniUtils.setGradMode(true);
            PtNDArray input = (PtNDArray) scope.create(x, new Shape(g.n(), g.in(), g.h(), g.w()));
            PtNDArray weight = (PtNDArray) scope.create(w, new Shape(g.out(), g.in(), g.kh(), g.kw()));
            PtNDArray bias = (PtNDArray) scope.zeros(new Shape(g.out()), DataType.FLOAT32);
            JniUtils.attachGradient(input, true);
            PtNDArray out = JniUtils.convolution(input, weight, bias, new Shape(1, 1), new Shape(g.ph(), g.pw()),
                    new Shape(1, 1), 1);
            NDArray loss = out.mul(scope.create(u, out.getShape())).sum();
            // torch.autograd.grad through the input alone; no .grad is left behind (ENGINE.md).
            NDArray dx = autograd.gradient(scope, loss, new NDList(input)).singletonOrThrow();
            return dx.toType(DataType.FLOAT64, false).toDoubleArray();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * dx[n, c, i, j] = Σ over o, a, b of u[n, o, i − a + ph, j − b + pw] · w[o, c, a, b], in
     * float64, summed with c innermost over copies laid out channels-last, so that the loop runs
     * over contiguous memory (ResNet18's convolutions take tens of milliseconds, not a second).
     */
    static double[] definition(Geometry g, float[] w, float[] u) {
        int in = g.in();
        int filter = g.kh() * g.kw();
        double[] taps = new double[g.out() * filter * in]; // [o][a][b][c]
        for (int o = 0; o < g.out(); o++) {
            for (int c = 0; c < in; c++) {
                for (int t = 0; t < filter; t++) {
                    taps[(o * filter + t) * in + c] = w[(o * in + c) * filter + t];
                }
            }
        }
        double[] last = new double[g.n() * g.h() * g.w() * in]; // [n][i][j][c]
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.out(); o++) {
                for (int y = 0; y < g.oh(); y++) {
                    for (int x = 0; x < g.ow(); x++) {
                        double seed = u[((n * g.out() + o) * g.oh() + y) * g.ow() + x];
                        for (int a = 0; a < g.kh(); a++) {
                            int i = y + a - g.ph();
                            if (i < 0 || i >= g.h()) {
                                continue;
                            }
                            for (int b = 0; b < g.kw(); b++) {
                                int j = x + b - g.pw();
                                if (j < 0 || j >= g.w()) {
                                    continue;
                                }
                                int at = ((n * g.h() + i) * g.w() + j) * in;
                                int tap = (o * filter + a * g.kw() + b) * in;
                                for (int c = 0; c < in; c++) {
                                    last[at + c] += seed * taps[tap + c];
                                }
                            }
                        }
                    }
                }
            }
        }
        int plane = g.h() * g.w();
        double[] dx = new double[last.length];
        for (int n = 0; n < g.n(); n++) {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < in; c++) {
                    dx[(n * in + c) * plane + p] = last[(n * plane + p) * in + c];
                }
            }
        }
        return dx;
    }

    /**
     * Entries in [−1, 1) from a hash of (salt, index): varied, bounded, the same everywhere, and
     * cheap. Each is a multiple of 2^−23, so float32 holds it exactly. (A sine of the index
     * took as long as the float64 reference on ResNet18's 512→512 weight: large arguments make
     * Math.sin slow.)
     */
    static float[] pattern(int size, long salt) {
        float[] values = new float[size];
        long base = salt * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < size; i++) {
            long z = base + i * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            values[i] = (z >>> 40) * 0x1p-23f - 1f;
        }
        return values;
    }

    /** A weight (out, in, kh, kw) applied to n inputs of h × w with "same" padding (kh / 2, kw / 2), stride 1. */
    record Geometry(int out, int in, int kh, int kw, int n, int h, int w) {

        /**
         * The check's geometry for {@code weight}: two (kh + 1) × (kw + 1) inputs. One sample is
         * not enough: on the AMD EPYC the defect showed at every batch from 2 to 32 and input
         * sizes 3×3 to 16×16, but never at batch 1.
         */
        static Geometry probe(Shape weight) {
            return new Geometry(weight, 2, (int) weight.get(2) + 1, (int) weight.get(3) + 1);
        }

        Geometry(Shape weight, int n, int h, int w) {
            this((int) weight.get(0), (int) weight.get(1), (int) weight.get(2), (int) weight.get(3), n, h, w);
        }

        int ph() {
            return kh / 2;
        }

        int pw() {
            return kw / 2;
        }

        int oh() {
            return h + 2 * ph() - kh + 1;
        }

        int ow() {
            return w + 2 * pw() - kw + 1;
        }
    }
}
