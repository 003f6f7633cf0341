package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.model.ModelDescription;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --output NAME} for the commands that load several models (a checkpoint series, two
 * endpoints): it applies to every ONNX file among them. TorchScript files take none, since the
 * checkpoints lla train writes from an ONNX model already hold the chosen output alone.
 */
final class ModelListOptions {

    @Option(names = "--output", paramLabel = "NAME",
            description = "For ONNX models with several outputs: the (N, classes) one lla differentiates, in"
                    + " every ONNX file given (TorchScript checkpoints hold one output and take none).")
    String output;

    /** The first ONNX file's description, or TorchScript's when there is none; null until {@link #describe}. */
    private ModelDescription description;
    private Path described;

    /** The output to open {@code file} with: {@code --output} for ONNX, null for TorchScript. */
    String outputOf(Path file) {
        return Models.isOnnx(file) ? output : null;
    }

    /**
     * Translates every ONNX file before any work, so that a multi-output graph without
     * {@code --output}, or an output it lacks, is refused with one line; refuses {@code --output}
     * when no file is ONNX, as {@link Models} does for a single TorchScript model.
     */
    void describe(List<Path> files) {
        for (Path file : files) {
            ModelDescription d = Models.describe(file, outputOf(file));
            if (description == null || (described == null && Models.isOnnx(file))) {
                description = d;
                described = Models.isOnnx(file) ? file : null;
            }
        }
        if (output != null && described == null) {
            throw LlaException.usage("--output " + output + " names an output of an ONNX graph, but the models"
                    + " given are TorchScript, which return one tensor");
        }
    }

    /** {@code batchNorm} and {@code output} of the ONNX models, as {@link ModelOptions#putModelConfig} writes them. */
    void putConfig(Map<String, Object> config) {
        ModelOptions.putModelConfig(config, description);
    }

    /** The batchNorm-folded note of {@link ModelOptions#note}, once for the list: its models share one architecture. */
    void noteOnStderr(PrintWriter err, boolean quiet, ModelMode mode) {
        if (described != null) {
            ModelOptions.note(err, quiet, described, description, mode);
        }
    }
}
