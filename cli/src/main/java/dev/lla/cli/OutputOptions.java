package dev.lla.cli;

import dev.lla.core.LlaException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where results go and how much is said on the way. */
final class OutputOptions {

    @Option(names = "--out", defaultValue = "lla-out", paramLabel = "DIR",
            description = "Directory for the JSON document and PNG plots. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--json", description = "Print the JSON document to stdout instead of a summary.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress or notes on stderr (errors still).")
    boolean quiet;

    /** Fails before any work when {@code --out} exists but is not a directory. */
    void checkOutDirectory() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw LlaException.input("--out " + out + " is a file; give a directory for the results");
        }
    }
}
