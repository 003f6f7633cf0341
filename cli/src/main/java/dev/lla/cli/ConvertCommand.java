package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.model.ConvertedModel;
import dev.lla.core.model.Models;
import dev.lla.render.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lla convert net.onnx net.pt}: writes the TorchScript archive that lla translates an ONNX model into. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "Translates an ONNX model into the TorchScript archive that every lla command runs for it, and"
                    + " writes it to OUT: the same parameters (named as the ONNX initializers), BatchNorm buffers and"
                    + " function, readable by torch.jit.load and by lla as any .pt model (docs/onnx.md).",
        })
final class ConvertCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN.onnx", description = "The ONNX model.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT.pt", description = "The TorchScript archive to write (replaced if it exists).")
    Path out;

    @Option(names = "--output", paramLabel = "NAME",
            description = "For an ONNX model with several outputs: the (N, classes) one the archive returns.")
    String output;

    @Option(names = {"-q", "--quiet"}, description = "No note on stderr (errors still).")
    boolean quiet;

    @Override
    public Integer call() {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw LlaException.input(out + ": cannot write the archive: directory " + parent + " does not exist");
        }
        if (Files.isDirectory(out)) {
            throw LlaException.input(out + ": is a directory; give the archive's file name, e.g. net.pt");
        }
        ConvertedModel converted = Models.convert(in, output);
        AtomicFiles.write(out, converted.archive());
        if (!quiet) {
            spec.commandLine().getErr().println("wrote " + out + " (output " + converted.description().output()
                    + ", BatchNorm " + converted.description().batchNorm() + ")");
        }
        return ExitCodes.OK;
    }
}
