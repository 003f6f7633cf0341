package dev.lla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lla.core.LlaException;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.render.AtomicFiles;
import dev.lla.render.JsonDocuments;
import dev.lla.render.JsonJournal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lla merge DIR...}: joins the shards of any sharded command into what the unsharded command writes. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "Joins the shard documents (*.shard-i-of-n.json) of one sharded run of lla landscape (grid or --survey), hesd, criteria or generalize"
                    + " into the document and pictures that the unsharded command writes. The shards must be of one"
                    + " command and one job (same options, inputs and seed), and hold every piece once.",
            "hesd, criteria, generalize and survey shards are joined by rerunning the job with --resume on the union of their pieces (no"
                    + " products are computed again, except the eigenvector searches with --eigenvectors): run it"
                    + " from the directory the shards ran in, with the model and data in place.",
        })
final class MergeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin OutputOptions output;

    @Option(names = "--npy", description = "landscape: also write loss.npy, accuracy.npy, x.npy and y.npy (2D).")
    boolean npy;

    @Parameters(arity = "1..*", paramLabel = "DIR|FILE",
            description = "Directories holding shard documents, or the documents themselves.")
    List<Path> inputs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> files = shardFiles(inputs);
        List<JsonNode> docs = files.stream().map(MergeCommand::readJson).toList();
        String command = docs.get(0).path("command").asText();
        for (int i = 1; i < docs.size(); i++) {
            String other = docs.get(i).path("command").asText();
            if (!other.equals(command)) {
                throw LlaException.input("shards of different commands: " + files.get(0) + " is " + command + ", "
                        + files.get(i) + " is " + other + "; merge each command's shards on their own");
            }
        }
        return switch (command) {
            case LandscapeShards.COMMAND -> LandscapeMergeCommand.merge(out, err, output, npy, files);
            case HesdShards.COMMAND -> mergeByResume("hesd", "hesd", out, err, files, docs);
            case HesdShards.CRITERIA -> mergeByResume("criteria", "criteria", out, err, files, docs);
            case HesdShards.GENERALIZE -> mergeByResume("generalize", "generalize", out, err, files, docs);
            case LandscapeSurveyRun.SHARD_COMMAND -> mergeByResume("landscape", "survey", out, err, files, docs);
            default -> throw LlaException.input(files.get(0) + " is not a shard document (command '" + command
                    + "'; shards are written by lla hesd or lla landscape with --shard i/n)");
        };
    }

    /**
     * Writes the union of the shards' pieces as {@code command}'s journals and reruns it with
     * --resume; it writes {@code document}.json.
     */
    private int mergeByResume(String command, String document, PrintWriter out, PrintWriter err, List<Path> files,
            List<JsonNode> docs) {
        List<HesdShards.Read> shards = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            shards.add(HesdShards.read(files.get(i), docs.get(i)));
        }
        Map<String, Object> journals = switch (document) {
            case "generalize" -> Map.of("generalize.partial.json", HesdShards.generalizeUnion(shards));
            case "survey" -> HesdShards.surveyUnion(shards);
            default -> Map.of(command + ".partial.json", HesdShards.union(shards));
        };
        JsonNode block = docs.get(0).path("results").path("shard");
        String ranIn = block.path("workingDirectory").asText();
        String here = Path.of("").toAbsolutePath().toString();
        if (!ranIn.equals(here)) {
            throw LlaException.input("the shards ran in " + ranIn + " and their options may name files relative to"
                    + " it; run lla merge from there");
        }
        output.checkOutDirectory();
        for (Map.Entry<String, Object> journal : journals.entrySet()) {
            Path file = output.out.resolve(journal.getKey());
            try {
                Files.createDirectories(output.out);
            } catch (IOException e) {
                throw LlaException.input("cannot write " + file + ": " + e.getMessage());
            }
            // As the command's own journal writes it: NaN stays NaN.
            new JsonJournal<>(file, false, Object.class, fp -> null, p -> null).record(journal.getValue());
        }
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(HesdShards.strings(block.path("arguments")));
        args.addAll(List.of("--out", output.out.toString(), "--resume"));
        if (output.json && !args.contains("--json")) {
            args.add("--json");
        }
        if (output.quiet && !args.contains("--quiet")) {
            args.add("--quiet");
        }
        int code = LlaCommand.commandLine(out, err).execute(args.toArray(String[]::new));
        if (code == ExitCodes.OK) {
            addShardCosts(output.out.resolve(document + ".json"), docs);
        }
        return code;
    }

    /**
     * The merged document's cost is the rerun's (no products); what the shards spent is added as
     * {@code cost.shards}, one entry per shard (pieces, products, seconds), beside the results.
     */
    private static void addShardCosts(Path document, List<JsonNode> shards) {
        try {
            var mapper = JsonDocuments.mapper();
            JsonNode doc = mapper.readTree(document.toFile());
            // A survey's document has no cost of its own (null): the shards' is all there is.
            var cost = doc.path("cost") instanceof com.fasterxml.jackson.databind.node.ObjectNode own ? own
                    : ((com.fasterxml.jackson.databind.node.ObjectNode) doc).putObject("cost");
            var list = cost.putArray("shards");
            shards.forEach(s -> list.add(s.path("cost")));
            AtomicFiles.write(document, JsonDocuments.toJson(doc).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw LlaException.input("cannot add the shards' cost to " + document + ": " + e.getMessage());
        }
    }

    /** The shard documents named, or found in the directories named, in order. */
    static List<Path> shardFiles(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isDirectory(input)) {
                files.add(input);
                continue;
            }
            try (Stream<Path> listing = Files.list(input)) {
                listing.filter(f -> f.getFileName().toString().matches(".*\\.shard-\\d+-of-\\d+\\.json"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw LlaException.input("cannot list " + input + ": " + e.getMessage());
            }
        }
        if (files.isEmpty()) {
            throw LlaException.input("no shard documents (*.shard-i-of-n.json) in " + inputs);
        }
        return files;
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode doc = JsonDocuments.mapper().readTree(file.toFile());
            if (doc == null) {
                throw LlaException.input(file + " is empty; it is not a shard document");
            }
            return doc;
        } catch (IOException e) {
            throw LlaException.input("cannot read shard " + file + ": " + LlaCommand.oneLine(e.getMessage()));
        }
    }
}
