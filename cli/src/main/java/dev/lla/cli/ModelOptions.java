package dev.lla.cli;

import dev.lla.core.model.ModelMode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model, in which BatchNorm mode, on which device. */
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

    /** BatchNorm mode and device, as every command's JSON config lists them. */
    void putRuntimeConfig(java.util.Map<String, Object> config) {
        config.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        config.put("device", device);
    }
}
