package dev.lla.core.model.onnx;

import java.util.Arrays;

/** The window attributes shared by Conv and the pools, checked and turned into torch's per-dimension lists. */
final class Spatial {

    private Spatial() {}

    /** Number of spatial dimensions: from {@code kernel_shape}, else from a known weight's rank. */
    static int dimensions(Attributes attributes, ConstantTensor weight, UnsupportedFeature.Reporter refuse) {
        long[] kernel = attributes.integers("kernel_shape");
        if (kernel != null) {
            return kernel.length;
        }
        if (weight != null) {
            return weight.dims().length - 2;
        }
        throw refuse.attribute("kernel_shape", "is needed when the weight is not an initializer");
    }

    static long[] orOnes(long[] values, int n) {
        if (values != null) {
            return values;
        }
        long[] ones = new long[n];
        Arrays.fill(ones, 1);
        return ones;
    }

    /**
     * The input of a windowed operator after the padding torch cannot do itself, and the
     * symmetric pads torch then applies.
     *
     * @param prepadded whether {@code input} was padded here (pads torch would then count as
     *     samples in an average, so AveragePool corrects its divisor)
     */
    record Padded(String template, long[] pads, boolean prepadded) {

        /** The padded expression of {@code x}. */
        String input(String x) {
            return template.replace("%X%", x);
        }
    }

    /**
     * ONNX {@code pads} [b1..bn, e1..en] or {@code auto_pad}: symmetric pads that torch accepts
     * stay torch's; asymmetric ones, pools' pads beyond half the kernel (torch refuses them) and
     * the SAME forms (which depend on the input size) pad {@code x} first with {@code fill}.
     *
     * @param kernel the window, needed for SAME; {@code null} if unknown
     * @param poolLimit whether torch limits each pad to half the kernel (pools)
     */
    static Padded pads(Attributes attributes, int n, long[] kernel, long[] strides, long[] dilations,
            String fill, boolean poolLimit, TranslationContext c) {
        String autoPad = attributes.string("auto_pad", "NOTSET");
        switch (autoPad) {
            case "VALID" -> {
                return new Padded("%X%", new long[n], false);
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                if (kernel == null) {
                    throw c.refuse().attribute("auto_pad", "= " + autoPad + " needs kernel_shape or an initializer weight");
                }
                c.require(TorchScriptHelpers.SAME_PAD);
                return new Padded("(self)." + TorchScriptHelpers.SAME_PAD + "(%X%, " + TranslationContext.join(kernel)
                        + ", " + TranslationContext.join(strides) + ", " + TranslationContext.join(dilations) + ", "
                        + (autoPad.equals("SAME_LOWER") ? "True" : "False") + ", " + fill + ")", new long[n], true);
            }
            case "NOTSET" -> { }
            default -> throw c.refuse().attribute("auto_pad", "= " + autoPad + " is not an ONNX auto_pad value");
        }
        long[] pads = attributes.integers("pads");
        if (pads == null) {
            return new Padded("%X%", new long[n], false);
        }
        if (pads.length != 2 * n || Arrays.stream(pads).anyMatch(p -> p < 0)) {
            throw c.refuse().attribute("pads", "= " + Arrays.toString(pads) + " does not give " + n
                    + " non-negative begin and end pads");
        }
        long[] begin = Arrays.copyOfRange(pads, 0, n);
        boolean symmetric = Arrays.equals(begin, Arrays.copyOfRange(pads, n, 2 * n));
        boolean torchAccepts = symmetric;
        for (int i = 0; poolLimit && i < n; i++) {
            torchAccepts &= kernel != null && begin[i] <= kernel[i] / 2;
        }
        if (torchAccepts) {
            return new Padded("%X%", begin, false);
        }
        // constant_pad_nd reads (begin, end) pairs from the last dimension backwards
        long[] torchOrder = new long[2 * n];
        for (int i = 0; i < n; i++) {
            torchOrder[2 * i] = pads[n - 1 - i];
            torchOrder[2 * i + 1] = pads[2 * n - 1 - i];
        }
        return new Padded("torch.constant_pad_nd(%X%, " + TranslationContext.join(torchOrder) + ", " + fill + ")",
                new long[n], true);
    }

    static void requireDimensions(int n, UnsupportedFeature.Reporter refuse) {
        if (n < 1 || n > 3) {
            throw refuse.attribute("kernel_shape", "has " + n + " dimensions; lla supports 1 to 3");
        }
    }
}
