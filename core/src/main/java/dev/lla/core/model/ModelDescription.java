package dev.lla.core.model;

/**
 * What lla learned about a model file while opening it, for the JSON config and stderr.
 *
 * @param format {@code onnx} or {@code torchscript}
 * @param batchNorm for ONNX: {@code kept}, {@code folded at export} or {@code none}; null for
 *     TorchScript, whose BatchNorm layers are the scripted model's own
 * @param output for ONNX: the graph output differentiated; null for TorchScript
 */
public record ModelDescription(String format, String batchNorm, String output) {

    /** True when the exporter folded BatchNorm into Conv: train mode then changes nothing. */
    public boolean batchNormFolded() {
        return dev.lla.core.model.onnx.OnnxTranslator.BatchNorm.FOLDED.label().equals(batchNorm);
    }
}
