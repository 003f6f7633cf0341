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
import java.util.Arrays;
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
 * defect"), conv1d, conv2d and conv3d alike, which silently corrupts gradients, HVPs and
 * training. A process cannot change oneDNN's kernels once it has made one, so what is found
 * goes into the model's engine warnings, and the command line either runs again with {@code
 * ONEDNN_MAX_CPU_ISA=AVX} or warns.
 *
 * <p>Every float32 parameter of three, four or five dimensions but the first is taken as a
 * conv1d, conv2d or conv3d weight (out, in, kernel...) with one group, stride 1 and "same"
 * padding. The first is the model's stem, whose input gradient is never computed (the data
 * need none). Inputs are fixed formulas, not random, so the check leaves libtorch's generator
 * as it was. Verdicts are kept per shape for the process.
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
            if (!Geometry.isConvolutionRank(shape) || p.getDataType() != DataType.FLOAT32) {
                continue;
            }
            if (stem) {
                stem = false;
                continue;
            }
            if (!Geometry.kernelAtMost(shape, LARGEST_KERNEL)) {
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

    /** max |g32 − g64| / max |g64| for the input gradient of {@code sum(conv(x, w) · u)}; NaN when float32 gives NaN. */
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
     * #pattern}(1), w = pattern(2) / sqrt(in · kernel size), u = pattern(3). The reference is
     * plain Java because libtorch's own float64 convolution asks NNPACK first, which on CPUs it
     * does not support prints a warning on every call.
     */
    static double[][] inputGradients(NDManager manager, AutogradHelper autograd, Geometry g) {
        float[][] inputs = inputs(g);
        return new double[][] {kernelInputGradient(manager, autograd, g, inputs[0], inputs[1], inputs[2]),
            definition(g, inputs[1], inputs[2])};
    }

    /** x, w and u for {@code g}. */
    static float[][] inputs(Geometry g) {
        float[] x = pattern(g.n() * g.in() * g.volume(g.size()), 1);
        float[] w = pattern(g.out() * g.in() * g.volume(g.kernel()), 2);
        float norm = (float) Math.sqrt((double) g.in() * g.volume(g.kernel()));
        for (int i = 0; i < w.length; i++) {
            w[i] /= norm;
        }
        float[] u = pattern(g.n() * g.out() * g.volume(g.outputSize()), 3);
        return new float[][] {x, w, u};
    }

    private static double[] kernelInputGradient(NDManager manager, AutogradHelper autograd, Geometry g, float[] x,
            float[] w, float[] u) {
        boolean gradMode = JniUtils.isGradMode();
        try (NDManager scope = manager.newSubManager()) {
            JniUtils.setGradMode(true);
            PtNDArray input = (PtNDArray) scope.create(x, g.inputShape());
            PtNDArray weight = (PtNDArray) scope.create(w, g.weightShape());
            PtNDArray bias = (PtNDArray) scope.zeros(new Shape(g.out()), DataType.FLOAT32);
            JniUtils.attachGradient(input, true);
            PtNDArray out = JniUtils.convolution(input, weight, bias, g.ones(), g.padding(), g.ones(), 1);
            NDArray loss = out.mul(scope.create(u, out.getShape())).sum();
            // torch.autograd.grad through the input alone; no .grad is left behind (ENGINE.md).
            NDArray dx = autograd.gradient(scope, loss, new NDList(input)).singletonOrThrow();
            return dx.toType(DataType.FLOAT64, false).toDoubleArray();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /**
     * dx[n, c, z, i, j] = Σ over o, a, b, e of u[n, o, z − a + pd, i − b + ph, j − e + pw] ·
     * w[o, c, a, b, e], in float64 (conv1d and conv2d as conv3d with leading sizes and kernels
     * of 1), summed with c innermost over copies laid out channels-last, so that the loop runs
     * over contiguous memory (ResNet18's convolutions take tens of milliseconds, not a second).
     */
    static double[] definition(Geometry g, float[] w, float[] u) {
        int in = g.in();
        int[] k = g.kernel();
        int[] size = g.size();
        int[] outSize = g.outputSize();
        int filter = g.volume(k);
        double[] taps = new double[g.out() * filter * in]; // [o][a][b][e][c]
        for (int o = 0; o < g.out(); o++) {
            for (int c = 0; c < in; c++) {
                for (int t = 0; t < filter; t++) {
                    taps[(o * filter + t) * in + c] = w[(o * in + c) * filter + t];
                }
            }
        }
        int volume = g.volume(size);
        double[] last = new double[g.n() * volume * in]; // [n][z][i][j][c]
        int seed = 0;
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.out(); o++) {
                for (int zo = 0; zo < outSize[0]; zo++) {
                    for (int yo = 0; yo < outSize[1]; yo++) {
                        for (int xo = 0; xo < outSize[2]; xo++) {
                            double s = u[seed++];
                            for (int a = 0; a < k[0]; a++) {
                                int z = zo + a - k[0] / 2;
                                if (z < 0 || z >= size[0]) {
                                    continue;
                                }
                                for (int b = 0; b < k[1]; b++) {
                                    int i = yo + b - k[1] / 2;
                                    if (i < 0 || i >= size[1]) {
                                        continue;
                                    }
                                    for (int e = 0; e < k[2]; e++) {
                                        int j = xo + e - k[2] / 2;
                                        if (j < 0 || j >= size[2]) {
                                            continue;
                                        }
                                        int at = (((n * size[0] + z) * size[1] + i) * size[2] + j) * in;
                                        int tap = (o * filter + (a * k[1] + b) * k[2] + e) * in;
                                        for (int c = 0; c < in; c++) {
                                            last[at + c] += s * taps[tap + c];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        double[] dx = new double[last.length];
        for (int n = 0; n < g.n(); n++) {
            for (int p = 0; p < volume; p++) {
                for (int c = 0; c < in; c++) {
                    dx[(n * in + c) * volume + p] = last[(n * volume + p) * in + c];
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

    /**
     * A weight (out, in, kernel...) of {@code rank} spatial dimensions (1 to 3) applied to n
     * inputs of {@code size} with "same" padding (kernel / 2), stride 1. {@code kernel} and
     * {@code size} always hold three entries, with leading 1s below rank 3, so that one
     * definition serves conv1d, conv2d and conv3d.
     */
    record Geometry(int out, int in, int rank, int[] kernel, int n, int[] size) {

        /** Whether {@code weight} could be a conv1d, conv2d or conv3d weight: three to five dimensions. */
        static boolean isConvolutionRank(Shape weight) {
            return weight.dimension() >= 3 && weight.dimension() <= 5;
        }

        /** Whether every kernel extent of {@code weight} is at most {@code largest}. */
        static boolean kernelAtMost(Shape weight, int largest) {
            for (int d = 2; d < weight.dimension(); d++) {
                if (weight.get(d) > largest) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The check's geometry for {@code weight}: two inputs of (kernel + 1) along each spatial
         * dimension. One sample is not enough: on the AMD EPYC the defect showed at every batch
         * from 2 to 32 and input sizes 3×3 to 16×16, but never at batch 1.
         */
        static Geometry probe(Shape weight) {
            int rank = weight.dimension() - 2;
            int[] kernel = {1, 1, 1};
            int[] size = {1, 1, 1};
            for (int d = 0; d < rank; d++) {
                kernel[3 - rank + d] = (int) weight.get(2 + d);
                size[3 - rank + d] = kernel[3 - rank + d] + 1;
            }
            return new Geometry((int) weight.get(0), (int) weight.get(1), rank, kernel, 2, size);
        }

        /** Sizes along the three dimensions after the convolution. */
        int[] outputSize() {
            int[] out = new int[3];
            for (int d = 0; d < 3; d++) {
                out[d] = size[d] + 2 * (kernel[d] / 2) - kernel[d] + 1;
            }
            return out;
        }

        int volume(int[] extents) {
            return extents[0] * extents[1] * extents[2];
        }

        /** (n, in, size...) over the geometry's own rank. */
        Shape inputShape() {
            return shape(n, in, size);
        }

        /** (out, in, kernel...) over the geometry's own rank. */
        Shape weightShape() {
            return shape(out, in, kernel);
        }

        /** kernel / 2 along each of the geometry's own dimensions. */
        Shape padding() {
            long[] pad = new long[rank];
            for (int d = 0; d < rank; d++) {
                pad[d] = kernel[3 - rank + d] / 2;
            }
            return new Shape(pad);
        }

        /** 1 along each dimension: stride and dilation. */
        Shape ones() {
            long[] one = new long[rank];
            Arrays.fill(one, 1);
            return new Shape(one);
        }

        private Shape shape(int first, int second, int[] extents) {
            long[] dims = new long[2 + rank];
            dims[0] = first;
            dims[1] = second;
            for (int d = 0; d < rank; d++) {
                dims[2 + d] = extents[3 - rank + d];
            }
            return new Shape(dims);
        }
    }
}
