package dev.lla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lla.core.LlaException;
import dev.lla.core.landscape.Explosion;
import dev.lla.core.shard.GridShard;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.ShardedGrid;
import dev.lla.core.provenance.Provenance;
import dev.lla.render.Document;
import dev.lla.render.JsonDocuments;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shard documents of {@code lla landscape --shard i/n}: the whole run's results with the rows of
 * other shards null, no explosion statistics (they need the whole grid), and a {@code shard}
 * block {@code {index, count, rows, fingerprint}}; and reading them back for the merge.
 */
final class LandscapeShards {

    static final String COMMAND = "landscape-shard";

    private LandscapeShards() {}

    static Document document(Map<String, Object> config, Provenance provenance, Map<String, Object> results,
            GridShard shard, String fingerprint, LandscapePictures.Labels labels) {
        Map<String, Object> shardResults = new LinkedHashMap<>(results);
        shardResults.put("explosion", null);
        List<Integer> rows = new ArrayList<>();
        int rowCount = ((double[]) results.get("x")).length;
        for (int i = 0; i < rowCount; i++) {
            if (shard.owns(i)) {
                rows.add(i);
            }
        }
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("index", shard.index());
        block.put("count", shard.count());
        block.put("rows", rows);
        block.put("fingerprint", fingerprint);
        block.put("pictures", labels);
        shardResults.put("shard", block);
        return Document.of(COMMAND, config, provenance, shardResults, null);
    }

    static void summary(PrintWriter out, GridShard shard, LandscapeResult r) {
        int rows = 0;
        for (int i = 0; i < r.x().length; i++) {
            rows += shard.owns(i) ? 1 : 0;
        }
        out.printf(Locale.ROOT, "landscape shard %s: %d of %d grid rows, origin loss %.6g;"
                + " join all %d shards with 'lla landscape merge'%n", shard, rows, r.x().length, r.originLoss(),
                shard.count());
    }

    /** A shard document read back. */
    record Read(Path file, JsonNode document, ShardedGrid.Part part) {}

    static Read read(Path file) {
        JsonNode doc;
        try {
            doc = JsonDocuments.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw LlaException.input("cannot read shard " + file + ": " + oneLine(e.getMessage()));
        }
        if (doc == null || !COMMAND.equals(doc.path("command").asText())) {
            throw LlaException.input(file + " is not a landscape shard (written by lla landscape --shard i/n)");
        }
        JsonNode r = doc.path("results");
        JsonNode block = r.path("shard");
        GridShard shard;
        try {
            shard = new GridShard(block.path("index").asInt(-1), block.path("count").asInt(0));
        } catch (LlaException e) {
            throw LlaException.input(file + " has a malformed shard block: " + e.getMessage());
        }
        int dims = doc.path("config").path("dims").asInt();
        double[] x = doubles(r.path("x"));
        double[] y = dims == 2 ? doubles(r.path("y")) : new double[] {0};
        double[][] loss = grid(r.path("loss"), dims, x.length, y.length, file);
        double[][] accuracy = grid(r.path("accuracy"), dims, x.length, y.length, file);
        JsonNode norms = r.path("directions").path("norms");
        LandscapeResult result = new LandscapeResult(dims, x, y, loss, accuracy, number(r.path("originLoss")),
                number(r.path("originAccuracy")), null, number(norms.path(0)), number(norms.path(1)),
                number(r.path("directions").path("cosine")), r.path("samplesPerPoint").asLong());
        String digest = r.path("directions").path("digest").asText(null);
        return new Read(file, doc, new ShardedGrid.Part(file.toString(), shard,
                block.path("fingerprint").asText(null), digest, result));
    }

    /** The pictures' title and axis labels that the shard's run would have drawn. */
    static LandscapePictures.Labels labels(Read shard) {
        JsonNode labels = shard.document().path("results").path("shard").path("pictures");
        return new LandscapePictures.Labels(labels.path("title").asText(), labels.path("x").asText(),
                labels.path("y").isTextual() ? labels.path("y").asText() : null);
    }

    /** The saved directions next to the shard document, or null if it names none. */
    static Path savedDirections(Read shard) {
        JsonNode saved = shard.document().path("results").path("directions").path("saved");
        return saved.isTextual() ? shard.file().resolveSibling(saved.asText()) : null;
    }

    /**
     * The merged document: the first shard's, with the whole grid and its explosion, no shard
     * block, and the saved directions under {@code savedName}.
     */
    static Document merged(Read first, LandscapeResult grid, String savedName) {
        ObjectNode results = first.document().path("results").deepCopy();
        results.remove("shard");
        if (savedName != null) {
            ((ObjectNode) results.path("directions")).put("saved", savedName);
        }
        var mapper = JsonDocuments.mapper();
        boolean surface = grid.dims() == 2;
        results.set("loss", mapper.valueToTree(surface ? grid.loss() : LandscapePictures.column(grid.loss())));
        results.set("accuracy",
                mapper.valueToTree(surface ? grid.accuracy() : LandscapePictures.column(grid.accuracy())));
        results.set("explosion", mapper.valueToTree(grid.explosion()));
        Provenance provenance;
        try {
            provenance = mapper.treeToValue(first.document().path("provenance"), Provenance.class);
        } catch (IOException e) {
            throw LlaException.input(first.file() + " has a malformed provenance block: " + oneLine(e.getMessage()));
        }
        return Document.of("landscape", first.document().path("config"), provenance, results, null);
    }

    private static double[][] grid(JsonNode node, int dims, int rows, int columns, Path file) {
        if (!node.isArray() || node.size() != rows) {
            throw LlaException.input(file + ": results.loss/accuracy do not have " + rows + " rows");
        }
        double[][] grid = new double[rows][];
        for (int i = 0; i < rows; i++) {
            grid[i] = dims == 2 ? doubles(node.get(i)) : new double[] {number(node.get(i))};
            if (grid[i].length != columns) {
                throw LlaException.input(file + ": row " + i + " does not have " + columns + " values");
            }
        }
        return grid;
    }

    private static double[] doubles(JsonNode node) {
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(node.get(i));
        }
        return values;
    }

    /** A JSON number, or NaN for null (how non-finite values are written). */
    private static double number(JsonNode node) {
        return node == null || !node.isNumber() ? Double.NaN : node.doubleValue();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
