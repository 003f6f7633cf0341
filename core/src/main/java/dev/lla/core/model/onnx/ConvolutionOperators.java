package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Set;

/** Conv, as {@code torch.conv1d/2d/3d}. */
final class ConvolutionOperators implements OperatorGroup {

    @Override
    public Set<String> operators() {
        return Set.of("Conv");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
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
}
