package dev.lla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.ShardedGrid;
import dev.lla.render.Document;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lla landscape merge} (also spelled {@code lla landscape-merge}): joins the shard documents of one grid into landscape.json and its PNGs. */
@Command(
        name = "landscape-merge",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "Joins the shards of one landscape grid (lla landscape --shard i/n) into landscape.json and the"
                    + " PNGs that an unsharded run writes. The shards must share inputs, options and directions,"
                    + " agree on the origin's loss, and be all of 0..n-1, each once.",
        })
final class LandscapeMergeCommand implements Callable<Integer> {

    /** Where an unsharded run saves its directions. */
    private static final String SAVED_DIRECTIONS = "directions.npz";

    @Spec CommandSpec spec;

    @Mixin OutputOptions output;

    @Option(names = "--npy", description = "Also write loss.npy, accuracy.npy, x.npy and y.npy (2D).")
    boolean npy;

    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "landscape.shard-i-of-n.json files.")
    List<Path> shards;

    private static byte[] readSaved(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw dev.lla.core.LlaException.input("cannot read the shards' saved directions " + file
                    + " (written next to each shard document): " + e.getMessage());
        }
    }

    /**
     * {@code lla landscape merge ...} as {@code lla landscape-merge ...}: picocli would check the
     * landscape command's required --model and --data before reaching a subcommand of it.
     */
    static String[] spelledAsSubcommand(String[] args) {
        if (args.length >= 2 && "landscape".equals(args[0]) && "merge".equals(args[1])) {
            String[] rewritten = new String[args.length - 1];
            rewritten[0] = "landscape-merge";
            System.arraycopy(args, 2, rewritten, 1, args.length - 2);
            return rewritten;
        }
        return args;
    }

    @Override
    public Integer call() {
        return merge(spec.commandLine().getOut(), spec.commandLine().getErr(), output, npy, shards);
    }

    /** Joins {@code shards} into landscape.json and its pictures in {@code output}'s directory. */
    static int merge(PrintWriter out, PrintWriter err, OutputOptions output, boolean npy, List<Path> shards) {
        List<LandscapeShards.Read> read = new ArrayList<>();
        List<ShardedGrid.Part> parts = new ArrayList<>();
        for (Path file : shards) {
            LandscapeShards.Read shard = LandscapeShards.read(file);
            read.add(shard);
            parts.add(shard.part());
        }
        LandscapeShards.Read first = read.get(0);
        JsonNode config = first.document().path("config");
        LandscapeResult grid = ShardedGrid.merge(parts, config.path("explosionFactor").asDouble());
        output.checkOutDirectory();
        Path saved = LandscapeShards.savedDirections(first);
        Document document = LandscapeShards.merged(first, grid, saved == null ? null : SAVED_DIRECTIONS);
        Double lossCap = config.path("lossCap").isNumber() ? config.path("lossCap").asDouble() : null;
        Map<String, byte[]> files = new LinkedHashMap<>(LandscapePictures.pngs(LandscapeShards.labels(first), grid,
                lossCap));
        if (saved != null) {
            files.put(SAVED_DIRECTIONS, readSaved(saved));
        }
        if (npy) {
            files.putAll(LandscapePictures.npy(grid));
        }
        output.publish(out, err, "landscape", document, files, o -> o.printf(Locale.ROOT,
                "merged %d shards: %d points, origin loss %.6g, value explosion: %s (%.1f%% of points)%n",
                parts.size(), grid.x().length * grid.y().length, grid.originLoss(),
                grid.explosion().detected() ? "yes" : "no", 100 * grid.explosion().fraction()));
        return ExitCodes.OK;
    }
}
