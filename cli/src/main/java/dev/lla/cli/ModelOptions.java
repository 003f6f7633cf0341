package dev.lla.cli;

import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelMode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model, with which loss, in which BatchNorm mode, on which device. */
final class ModelOptions {

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "TorchScript model (.pt), saved with torch.jit.script(model).save(FILE).")
    Path model;

    @Option(names = "--mode", defaultValue = "eval", paramLabel = "eval|train",
            description = "BatchNorm statistics: running (eval) or per batch (train). Default: ${DEFAULT-VALUE}."
                    + " Running statistics are restored afterwards either way.")
    ModelMode mode;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda[:N]",
            description = "Where libtorch computes. auto = first GPU if libtorch sees one, else CPU."
                    + " Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--loss", defaultValue = "cross-entropy", paramLabel = "cross-entropy|mse",
            converter = LossConverter.class,
            description = "L(w), a mean over the batch: cross-entropy of the outputs as logits, or mse, the"
                    + " squared error against one-hot labels averaged over all N x C outputs"
                    + " (docs/METHODS.md). Default: ${DEFAULT-VALUE}.")
    Loss loss;

    /** Loss, BatchNorm mode and device, as every command's JSON config lists them. */
    void putRuntimeConfig(java.util.Map<String, Object> config) {
        config.put("loss", loss.label());
        config.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        config.put("device", device);
    }

    /** Accepts the losses' labels, in any case. */
    static final class LossConverter implements picocli.CommandLine.ITypeConverter<Loss> {
        @Override
        public Loss convert(String value) {
            Loss loss = Loss.byLabel(value);
            if (loss == null) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected cross-entropy or mse, got '" + value + "'");
            }
            return loss;
        }
    }
}
