package dev.lla.core.model;

/**
 * An ONNX model translated into TorchScript, as {@code lla convert} writes it.
 *
 * @param archive the TorchScript archive's bytes (a zip that {@code torch.jit.load} reads)
 * @param description what became of BatchNorm and which graph output the archive returns
 */
public record ConvertedModel(byte[] archive, ModelDescription description) {}
