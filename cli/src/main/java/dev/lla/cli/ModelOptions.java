package dev.lla.cli;

import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelDescription;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model, with which loss, in which BatchNorm mode, on which device. */
final class ModelOptions {

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "TorchScript model (.pt), saved with torch.jit.script(model).save(FILE), or ONNX"
                    + " model (.onnx), translated into TorchScript (docs/onnx.md).")
    Path model;

    @Option(names = "--output", paramLabel = "NAME",
            description = "For an ONNX model with several outputs: the (N, classes) one lla differentiates.")
    String output;

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

    private ModelDescription description;
    private boolean noted;

    /** Loss, BatchNorm mode and device, as every command's JSON config lists them; for ONNX, BatchNorm's fate. */
    void putRuntimeConfig(java.util.Map<String, Object> config) {
        config.put("loss", loss.label());
        config.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        config.put("device", device);
        putModelConfig(config, description());
    }

    /** {@code batchNorm} ({@code kept}, {@code folded at export}, {@code none}) and {@code output}, for ONNX only. */
    static void putModelConfig(java.util.Map<String, Object> config, ModelDescription description) {
        if (description.batchNorm() != null) {
            config.put("batchNorm", description.batchNorm());
        }
        if (description.output() != null) {
            config.put("output", description.output());
        }
    }

    /** The model's format, BatchNorm and output; translating an ONNX file here refuses a bad one before any work. */
    ModelDescription description() {
        if (description == null) {
            description = Models.describe(model, output);
        }
        return description;
    }

    /** Says once on stderr that BN was folded at export, and warns that --mode train then changes nothing. */
    void noteOnStderr(PrintWriter err, boolean quiet) {
        if (!noted) {
            noted = true;
            note(err, quiet, model, description(), mode);
        }
    }

    static void note(PrintWriter err, boolean quiet, Path model, ModelDescription description, ModelMode mode) {
        if (!description.batchNormFolded()) {
            return;
        }
        if (mode == ModelMode.TRAIN) {
            err.println("warning: " + model + ": BatchNorm was folded into Conv at export, so --mode train has"
                    + " nothing to change (it computes what eval mode does)");
        } else if (!quiet) {
            err.println("lla: " + model + ": BatchNorm was folded into Conv at export: no batch statistics, so"
                    + " train and eval mode compute the same");
        }
        err.flush();
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
