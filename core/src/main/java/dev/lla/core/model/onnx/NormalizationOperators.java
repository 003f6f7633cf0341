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
        return Set.of("BatchNormalization");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
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
