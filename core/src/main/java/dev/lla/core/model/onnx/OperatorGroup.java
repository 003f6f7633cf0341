package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Set;

/** Translates a group of related ONNX operators into lines of TorchScript. */
interface OperatorGroup {

    /** The op types of the default ONNX domain this group translates. */
    Set<String> operators();

    /**
     * Emits the TorchScript for {@code node} into {@code context}, or throws the one-line refusal
     * of {@link UnsupportedFeature.Reporter} for any attribute or input form it cannot translate exactly.
     */
    void translate(NodeProto node, Attributes attributes, TranslationContext context);
}
