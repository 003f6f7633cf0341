package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.render.AtomicFiles;
import dev.lla.render.Document;
import dev.lla.render.JsonDocuments;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
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

    /**
     * Writes {@code <name>.json} and the pictures (file name → PNG bytes) to {@code --out}, all or
     * none; then prints the JSON (with {@code --json}) or the summary to stdout.
     */
    void publish(PrintWriter out, PrintWriter err, String name, Document document, Map<String, byte[]> pictures,
            Consumer<PrintWriter> summary) {
        String jsonText = JsonDocuments.toJson(document);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(this.out.resolve(name + ".json"), jsonText.getBytes(StandardCharsets.UTF_8));
        pictures.forEach((file, png) -> files.put(this.out.resolve(file), png));
        AtomicFiles.writeAll(files);
        if (json) {
            out.print(jsonText);
        } else {
            summary.accept(out);
        }
        out.flush();
        if (!quiet) {
            err.println("wrote " + String.join(" and ", files.keySet().stream().map(Path::toString).toList()));
        }
    }
}
