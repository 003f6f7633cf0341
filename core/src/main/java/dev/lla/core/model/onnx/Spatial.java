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
     * torch pads each side by the same amount: ONNX {@code pads} [b1..bn, e1..en] must have
     * {@code b == e}; {@code auto_pad} VALID means no padding, the SAME forms are refused.
     */
    static long[] symmetricPads(Attributes attributes, int n, UnsupportedFeature.Reporter refuse) {
        String autoPad = attributes.string("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw refuse.attribute("auto_pad", "= " + autoPad + " is not supported (only NOTSET and VALID)");
        }
        long[] pads = attributes.integers("pads");
        if (pads == null || autoPad.equals("VALID")) {
            return new long[n];
        }
        long[] begin = Arrays.copyOfRange(pads, 0, n);
        if (pads.length != 2 * n || !Arrays.equals(begin, Arrays.copyOfRange(pads, n, 2 * n))) {
            throw refuse.attribute("pads", "= " + Arrays.toString(pads) + " is asymmetric; torch pads both sides equally");
        }
        return begin;
    }

    static void requireDimensions(int n, UnsupportedFeature.Reporter refuse) {
        if (n < 1 || n > 3) {
            throw refuse.attribute("kernel_shape", "has " + n + " dimensions; lla supports 1 to 3");
        }
    }
}
