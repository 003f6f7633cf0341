package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Set;

/** Gemm, MatMul and Einsum. */
final class LinearOperators implements OperatorGroup {

    @Override
    public Set<String> operators() {
        return Set.of("Gemm", "MatMul", "Einsum");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
        if (node.getOpType().equals("Einsum")) {
            attributes.allowOnly("equation");
            String equation = attributes.string("equation", "");
            if (!equation.matches("[A-Za-z.,\\->\\s]+")) {
                throw c.refuse().attribute("equation", "= '" + equation + "' is not a plain einsum equation");
            }
            StringBuilder operands = new StringBuilder("[");
            for (int i = 0; i < node.getInputCount(); i++) {
                operands.append(i == 0 ? "" : ", ").append(c.input(node, i));
            }
            // torch.einsum reads the same equations, "..." and implicit outputs included
            c.assign(node, "torch.einsum(\"" + equation.replace(" ", "") + "\", " + operands + "])");
            return;
        }
        if (node.getOpType().equals("MatMul")) {
            attributes.allowOnly();
            c.assign(node, "torch.matmul(" + c.input(node, 0) + ", " + c.input(node, 1) + ")");
            return;
        }
        // Y = alpha * A' B' + beta * C
        attributes.allowOnly("alpha", "beta", "transA", "transB", "broadcast");
        float alpha = attributes.real("alpha", 1f);
        float beta = attributes.real("beta", 1f);
        boolean transA = attributes.integer("transA", 0) != 0;
        boolean transB = attributes.integer("transB", 0) != 0;
        String a = c.input(node, 0);
        String b = c.input(node, 1);
        boolean hasC = TranslationContext.present(node, 2);
        if (!transA && alpha == 1f && beta == 1f) {
            // nn.Linear's own kernel, so the twin computes bit for bit what PyTorch does; A may have
            // any rank here, as in the Gemm that LinearFusion makes of a MatMul + Add
            c.assign(node, "torch.linear(" + a + ", " + (transB ? b : "torch.t(" + b + ")")
                    + (hasC ? ", " + c.input(node, 2) : "") + ")");
            return;
        }
        String product = "torch.matmul(" + (transA ? "torch.t(" + a + ")" : a) + ", "
                + (transB ? "torch.t(" + b + ")" : b) + ")";
        if (alpha != 1f) {
            product = "torch.mul(" + product + ", " + TranslationContext.real(alpha) + ")";
        }
        if (hasC && beta != 0f) {
            String bias = c.input(node, 2);
            if (beta != 1f) {
                bias = "torch.mul(" + bias + ", " + TranslationContext.real(beta) + ")";
            }
            product = "torch.add(" + product + ", " + bias + ")";
        }
        c.assign(node, product);
    }
}
