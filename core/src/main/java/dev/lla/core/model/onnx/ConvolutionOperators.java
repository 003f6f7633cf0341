package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Set;

/** Conv and ConvTranspose, as {@code torch.conv1d/2d/3d} and {@code torch.conv_transpose1d/2d/3d}. */
final class ConvolutionOperators implements OperatorGroup {

    @Override
    public Set<String> operators() {
        return Set.of("Conv", "ConvTranspose");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
        if (node.getOpType().equals("ConvTranspose")) {
            transpose(node, attributes, c);
            return;
        }
        attributes.allowOnly("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        ConstantTensor weight = c.known(node.getInput(1));
        int n = Spatial.dimensions(attributes, weight, c.refuse());
        Spatial.requireDimensions(n, c.refuse());
        long[] strides = Spatial.orOnes(attributes.integers("strides"), n);
        long[] dilations = Spatial.orOnes(attributes.integers("dilations"), n);
        long[] kernel = attributes.integers("kernel_shape");
        if (kernel == null && weight != null) {
            kernel = java.util.Arrays.copyOfRange(weight.dims(), 2, weight.dims().length);
        }
        Spatial.Padded padded = Spatial.pads(attributes, n, kernel, strides, dilations, "0.", false, c);
        String bias = TranslationContext.present(node, 2) ? c.input(node, 2) : "None";
        c.assign(node, "torch.conv" + n + "d(" + padded.input(c.input(node, 0)) + ", " + c.input(node, 1) + ", " + bias + ", "
                + TranslationContext.join(strides) + ", " + TranslationContext.join(padded.pads()) + ", "
                + TranslationContext.join(dilations) + ", " + attributes.integer("group", 1) + ")");
    }

    /**
     * Symmetric pads are torch's {@code padding}; asymmetric ones crop the unpadded result, as
     * ONNX pads of a transposed convolution remove output. {@code output_shape} and the SAME
     * forms depend on the input size (see {@link #toShape}).
     */
    private static void transpose(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("auto_pad", "dilations", "group", "kernel_shape", "output_padding", "pads", "strides",
                "output_shape");
        String autoPad = attributes.string("auto_pad", "NOTSET");
        if (!java.util.Set.of("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER").contains(autoPad)) {
            throw c.refuse().attribute("auto_pad", "= " + autoPad + " is not an ONNX auto_pad value");
        }
        ConstantTensor weight = c.known(node.getInput(1));
        int n = Spatial.dimensions(attributes, weight, c.refuse());
        Spatial.requireDimensions(n, c.refuse());
        long[] strides = Spatial.orOnes(attributes.integers("strides"), n);
        long[] dilations = Spatial.orOnes(attributes.integers("dilations"), n);
        long[] outputPadding = attributes.integers("output_padding");
        outputPadding = outputPadding == null ? new long[n] : outputPadding;
        long[] outputShape = attributes.integers("output_shape");
        if (outputShape != null || autoPad.startsWith("SAME")) {
            toShape(node, attributes, c, n, strides, dilations, outputPadding, outputShape, autoPad);
            return;
        }
        long[] pads = attributes.integers("pads");
        pads = pads == null || autoPad.equals("VALID") ? new long[2 * n] : pads;
        if (pads.length != 2 * n || outputPadding.length != n || java.util.Arrays.stream(pads).anyMatch(p -> p < 0)) {
            throw c.refuse().attribute("pads", "= " + java.util.Arrays.toString(pads) + " or output_padding does not fit "
                    + n + " spatial dimensions");
        }
        long[] begin = java.util.Arrays.copyOfRange(pads, 0, n);
        long[] end = java.util.Arrays.copyOfRange(pads, n, 2 * n);
        boolean symmetric = java.util.Arrays.equals(begin, end);
        String bias = TranslationContext.present(node, 2) ? c.input(node, 2) : "None";
        String expression = "torch.conv_transpose" + n + "d(" + c.input(node, 0) + ", " + c.input(node, 1) + ", " + bias
                + ", " + TranslationContext.join(strides) + ", " + TranslationContext.join(symmetric ? begin : new long[n])
                + ", " + TranslationContext.join(outputPadding) + ", " + attributes.integer("group", 1) + ", "
                + TranslationContext.join(dilations) + ")";
        if (!symmetric) {
            String full = c.define(node, 0);
            c.line(full + " = " + expression);
            expression = full;
            for (int i = 0; i < n; i++) {
                expression = "torch.narrow(" + expression + ", " + (2 + i) + ", " + begin[i] + ", torch.size(" + full
                        + ", " + (2 + i) + ") - " + (begin[i] + end[i]) + ")";
            }
        }
        c.assign(node, expression);
    }

    /** output_shape or SAME: the pads depend on the input size, so a helper works them out when it runs. */
    private static void toShape(NodeProto node, Attributes attributes, TranslationContext c, int n, long[] strides,
            long[] dilations, long[] outputPadding, long[] outputShape, String autoPad) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, -1); // SAME: out = in * stride
        if (outputShape != null) {
            if (outputShape.length != n && outputShape.length != n + 2) {
                throw c.refuse().attribute("output_shape", "= " + java.util.Arrays.toString(outputShape) + " does not give "
                        + n + " spatial sizes");
            }
            out = java.util.Arrays.copyOfRange(outputShape, outputShape.length - n, outputShape.length);
        }
        if (outputPadding.length != n) {
            throw c.refuse().attribute("output_padding", "does not fit " + n + " spatial dimensions");
        }
        c.require(TorchScriptHelpers.CONV_TRANSPOSE_TO);
        String bias = TranslationContext.present(node, 2) ? c.input(node, 2) : "None";
        c.assign(node, "(self)." + TorchScriptHelpers.CONV_TRANSPOSE_TO + "(" + c.input(node, 0) + ", " + c.input(node, 1)
                + ", " + bias + ", " + TranslationContext.join(strides) + ", " + TranslationContext.join(dilations) + ", "
                + TranslationContext.join(outputPadding) + ", " + attributes.integer("group", 1) + ", "
                + TranslationContext.join(out) + ", " + (autoPad.equals("SAME_UPPER") ? "True" : "False") + ")");
    }
}
