package dev.lla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lla.core.LlaException;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.hesd.HesdRun;
import dev.lla.core.shard.GridShard;
import dev.lla.core.provenance.Provenance;
import dev.lla.render.Document;
import dev.lla.render.JsonDocuments;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Shard documents of {@code lla hesd --shard i/n}: the job's config and provenance, a
 * {@code shard} block {@code {index, count, fingerprint, pieces, allPieces, arguments,
 * workingDirectory}} and the finished pieces; and joining them back into the journal of the whole job.
 */
final class HesdShards {

    static final String COMMAND = "hesd-shard";
    /** {@code lla criteria --shard}: the same pieces (its SLQ runs), the same journal record. */
    static final String CRITERIA = "criteria-shard";
    /** {@code lla generalize --shard}: checkpoint × dataset cells. */
    static final String GENERALIZE = "generalize-shard";

    private HesdShards() {}

    static Document document(String command, Map<String, Object> config, Provenance provenance, GridShard shard,
            String fingerprint, HesdJob job, List<String> arguments, HesdRun.Cost cost, Object devices) {
        return document(command, config, provenance, shard, fingerprint, job.ownPieces(), job.allPieces(),
                job.finished(), arguments, cost, devices);
    }

    /**
     * A shard document of any command: its pieces, the whole job's, and its journal record
     * {@code partial}; {@code devices}, when not null, is what each of its devices spent.
     */
    static Document document(String command, Map<String, Object> config, Provenance provenance, GridShard shard,
            String fingerprint, List<String> ownPieces, List<String> allPieces, Object partial, List<String> arguments,
            HesdRun.Cost cost, Object devices) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("index", shard.index());
        block.put("count", shard.count());
        block.put("fingerprint", fingerprint);
        block.put("pieces", ownPieces);
        block.put("allPieces", allPieces);
        block.put("arguments", arguments);
        block.put("workingDirectory", Path.of("").toAbsolutePath().toString());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("shard", block);
        results.put("partial", partial);
        Map<String, Object> shardCost = new LinkedHashMap<>();
        shardCost.put("shard", shard.toString());
        shardCost.put("pieces", ownPieces.size());
        shardCost.put("hvps", cost.hvps());
        shardCost.put("hvpSeconds", cost.hvpSeconds());
        shardCost.put("wallSeconds", cost.wallSeconds());
        if (devices != null) {
            shardCost.put("devices", devices);
        }
        return Document.of(command, config, provenance, results, shardCost);
    }

    static void summary(PrintWriter out, GridShard shard, HesdJob job) {
        summary(out, "hesd", shard, job);
    }

    static void summary(PrintWriter out, String command, GridShard shard, HesdJob job) {
        out.printf(Locale.ROOT, command + " shard %s: %d of %d pieces; join all %d shards with 'lla merge'%n", shard,
                job.ownPieces().size(), job.allPieces().size(), shard.count());
    }

    /** One shard document read back. */
    record Read(Path file, JsonNode document, GridShard shard, String fingerprint, List<String> pieces,
            List<String> allPieces, JsonNode partialJson) {
        HesdPartial partial() {
            try {
                return JsonDocuments.mapper().treeToValue(partialJson, HesdPartial.class);
            } catch (IOException e) {
                throw LlaException.input(file + ": malformed results.partial: " + LlaCommand.oneLine(e.getMessage()));
            }
        }
    }

    static Read read(Path file, JsonNode doc) {
        JsonNode block = doc.path("results").path("shard");
        try {
            GridShard shard = new GridShard(block.path("index").asInt(-1), block.path("count").asInt(0));
            var mapper = JsonDocuments.mapper();
            return new Read(file, doc, shard, block.path("fingerprint").asText(), strings(block.path("pieces")),
                    strings(block.path("allPieces")), doc.path("results").path("partial"));
        } catch (LlaException e) {
            throw LlaException.input(file + " has a malformed hesd shard block: " + LlaCommand.oneLine(e.getMessage()));
        }
    }

    /**
     * Checks that {@code shards} are one job's, each piece held once and none missing, and returns
     * the pieces of all of them as the whole job's journal.
     */
    static HesdPartial union(List<Read> shards) {
        check(shards);
        return hesdUnion(shards);
    }

    /** The cells of all shards as the whole generalize job's journal (each cell is in one shard). */
    static dev.lla.core.generalize.GeneralizePartial generalizeUnion(List<Read> shards) {
        check(shards);
        List<dev.lla.core.generalize.GeneralizePartial> parts = new ArrayList<>();
        for (Read s : shards) {
            try {
                parts.add(JsonDocuments.mapper().treeToValue(s.partialJson(),
                        dev.lla.core.generalize.GeneralizePartial.class));
            } catch (IOException e) {
                throw LlaException.input(s.file() + ": malformed results.partial: " + LlaCommand.oneLine(e.getMessage()));
            }
        }
        return dev.lla.core.generalize.GeneralizePartial.union(shards.get(0).fingerprint(), parts);
    }

    /**
     * The regimes of all survey shards as the journals of the whole survey, by file name. Each
     * regime's rows are read by hand: the shard document writes NaN (a diverged point) as null.
     */
    static Map<String, Object> surveyUnion(List<Read> shards) {
        check(shards);
        Map<String, Object> journals = new LinkedHashMap<>();
        for (Read s : shards) {
            s.partialJson().fields().forEachRemaining(regime -> {
                List<dev.lla.core.landscape.LandscapePartial.Row> rows = new ArrayList<>();
                regime.getValue().path("rows").forEach(r -> rows.add(new dev.lla.core.landscape.LandscapePartial.Row(
                        r.path("i").asInt(), doubles(r.path("loss")), doubles(r.path("accuracy")))));
                journals.put("survey." + regime.getKey() + ".partial.json", new dev.lla.core.landscape.LandscapePartial(
                        regime.getValue().path("fingerprint").asText(), rows));
            });
        }
        return journals;
    }

    /** Numbers of a JSON array, null (how documents write NaN) as NaN. */
    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = array.get(i);
            values[i] = v.isNumber() ? v.doubleValue() : Double.NaN;
        }
        return values;
    }

    /** Checks one job, each piece once, none missing. */
    private static void check(List<Read> shards) {
        Read first = shards.get(0);
        for (Read s : shards) {
            if (!s.fingerprint().equals(first.fingerprint())) {
                throw LlaException.input(s.file() + " and " + first.file() + " are shards of different jobs: "
                        + Fingerprints.difference(first.document(), s.document()));
            }
        }
        Map<String, Path> holder = new LinkedHashMap<>();
        for (Read s : shards) {
            for (String piece : s.pieces()) {
                Path other = holder.putIfAbsent(piece, s.file());
                if (other != null) {
                    throw LlaException.input("piece " + piece + " is in two shards, " + other + " and " + s.file()
                            + "; give each shard once");
                }
            }
        }
        Set<String> missing = new LinkedHashSet<>(first.allPieces());
        missing.removeAll(holder.keySet());
        if (!missing.isEmpty()) {
            throw LlaException.input("missing " + missing.size() + " of " + first.allPieces().size() + " pieces: "
                    + String.join(", ", missing) + " (shards given: " + shardList(shards) + " of "
                    + first.shard().count() + ")");
        }
    }

    private static HesdPartial hesdUnion(List<Read> shards) {
        return HesdPartial.union(shards.get(0).fingerprint(), shards.stream().map(Read::partial).toList());
    }

    private static String shardList(List<Read> shards) {
        return String.join(", ", shards.stream().map(s -> s.shard().toString()).toList());
    }

    static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(n -> values.add(n.asText()));
        return values;
    }
}
