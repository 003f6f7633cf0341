package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.math.BigDecimal;
import java.util.Set;

/**
 * BatchNormalization as {@code torch.batch_norm} with the module's own {@code training} flag, so
 * that {@code --mode train} uses batch statistics and updates the running ones, and
 * {@code --mode eval} uses the running statistics, whatever {@code training_mode} the exporter wrote.
 */
final class NormalizationOperators implements OperatorGroup {

    @Override
    public Set<String> operators() {
        return Set.of("BatchNormalization", "LayerNormalization", "InstanceNormalization");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
        switch (node.getOpType()) {
            case "LayerNormalization" -> layerNorm(node, attributes, c);
            case "InstanceNormalization" -> {
                attributes.allowOnly("epsilon");
                String epsilon = TranslationContext.real(attributes.real("epsilon", 1e-5f));
                c.assign(node, "torch.instance_norm(" + c.input(node, 0) + ", " + c.input(node, 1) + ", "
                        + c.input(node, 2) + ", None, None, True, 0., " + epsilon + ", False)");
            }
            default -> batchNorm(node, attributes, c);
        }
    }

    /** Normalizes over the dimensions from {@code axis} on; Scale and B have exactly those dimensions. */
    private static void layerNorm(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("axis", "epsilon", "stash_type");
        if (attributes.integer("stash_type", 1) != 1) {
            throw c.refuse().attribute("stash_type", "= " + attributes.integer("stash_type", 1)
                    + " is not supported (only 1, float statistics)");
        }
        String x = c.input(node, 0);
        long axis = attributes.integer("axis", -1);
        String bias = TranslationContext.present(node, 2) ? c.input(node, 2) : "None";
        String epsilon = TranslationContext.real(attributes.real("epsilon", 1e-5f));
        c.assign(node, "torch.layer_norm(" + x + ", torch.size(" + x + ")[" + axis + ":], " + c.input(node, 1) + ", "
                + bias + ", " + epsilon + ", False)");
        boolean mean = node.getOutputCount() > 1 && !node.getOutput(1).isEmpty() && c.isConsumed(node.getOutput(1));
        boolean inverse = node.getOutputCount() > 2 && !node.getOutput(2).isEmpty() && c.isConsumed(node.getOutput(2));
        if (mean || inverse) {
            // the statistics outputs, kept dimensions and all, as ONNX defines them
            String dims = "list(range(" + (axis >= 0 ? Long.toString(axis) : "torch.dim(" + x + ") + (" + axis + ")")
                    + ", torch.dim(" + x + ")))";
            String m = c.define(node, 1);
            c.line(m + " = torch.mean(" + x + ", " + dims + ", True)");
            c.line(c.define(node, 2) + " = torch.rsqrt(torch.add(torch.mean(torch.square(torch.sub(" + x + ", " + m
                    + ")), " + dims + ", True), " + epsilon + "))");
        }
    }

    private static void batchNorm(NodeProto node, Attributes attributes, TranslationContext c) {
        attributes.allowOnly("epsilon", "momentum", "training_mode", "spatial", "is_test", "consumed_inputs");
        if (attributes.integer("spatial", 1) != 1) {
            throw c.refuse().attribute("spatial", "= 0 is not supported");
        }
        for (int i = 1; i < node.getOutputCount(); i++) {
            if (!node.getOutput(i).isEmpty() && c.isConsumed(node.getOutput(i))) {
                throw c.refuse().attribute("outputs", "beyond the first (batch statistics) are used by the graph;"
                        + " lla keeps them inside the module");
            }
        }
        for (int i = 3; i <= 4; i++) {
            if (c.known(node.getInput(i)) == null) {
                throw c.refuse().input(i, "(running statistics) must be an initializer");
            }
        }
        // ONNX: running = running * momentum + batch * (1 - momentum); torch's momentum is the batch weight
        BigDecimal onnxMomentum = new BigDecimal(Float.toString(attributes.real("momentum", 0.9f)));
        String momentum = BigDecimal.ONE.subtract(onnxMomentum).toPlainString();
        String epsilon = TranslationContext.real(attributes.real("epsilon", 1e-5f));
        c.assign(node, "torch.batch_norm(" + c.input(node, 0) + ", " + c.input(node, 1) + ", " + c.input(node, 2)
                + ", " + c.input(node, 3) + ", " + c.input(node, 4) + ", self.training, " + momentum + ", " + epsilon
                + ", True)");
    }
}
