package dev.lla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lla.core.LlaException;
import dev.lla.core.data.NpzReader;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.Grid;
import dev.lla.core.landscape.HessianAxes;
import dev.lla.core.model.Models;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.model.Curvature;
import dev.lla.render.JsonDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The landscape options that bring the axes from files: Adam moments, other checkpoints, or a
 * saved directions file; the matrix behind Hessian axes; and LLA's adameq update. Checks them
 * against {@code --axes} and {@code --dims} before any work.
 */
final class AxesOptions {

    @Option(names = "--moments", paramLabel = "FILE.adam.npz",
            description = "With --axes adam: Adam's moments as lla train writes them beside a checkpoint"
                    + " (arrays exp_avg/<parameter>, exp_avg_sq/<parameter>).")
    Path moments;

    @Option(names = "--to", split = ",", paramLabel = "CKPT[,CKPT]",
            description = "With --axes models: the checkpoint (--dims 1) or two checkpoints (--dims 2) to"
                    + " interpolate towards; same parameter names and shapes as --model.")
    List<Path> to;

    @Option(names = "--directions", paramLabel = "FILE",
            description = "Reuse the directions another run saved (its directions.npz), as they are; replaces --axes.")
    Path directions;

    @Option(names = "--update", defaultValue = "linear", paramLabel = "linear|adameq",
            description = "How a point's weights follow from its coordinates: w0 + a*d1 + b*d2 (linear), or"
                    + " LLA's adameq w0 + a/sqrt(b) * m1/(sqrt(m2) + 1e-6), a in [-1,1), b in [0.1,2.1), with"
                    + " --axes adam. Default: ${DEFAULT-VALUE}.")
    String update;

    @Option(names = "--operator", defaultValue = "hessian", paramLabel = "hessian|gauss-newton|nme",
            converter = SlqOptions.CurvatureConverter.class,
            description = "With --axes hessian: the eigenvectors of the Hessian H, of the Gauss-Newton matrix"
                    + " G = JᵀH_zJ or of NME = H - G (docs/METHODS.md). Default: ${DEFAULT-VALUE}.")
    Curvature operator;

    @Option(names = "--scale-invariant",
            description = "With --axes hessian: the eigenvectors u of D C D, D = diag(|w|), stepped along D*u, so that"
                    + " a rescaling of the layers that keeps the function keeps the landscape (docs/METHODS.md).")
    boolean scaleInvariant;

    @Option(names = "--eigen-iterations", paramLabel = "M",
            description = "With --axes hessian: most Lanczos steps of the eigenvector search, each a Hessian-vector"
                    + " product; the search keeps M vectors of P parameters. Default: 300.")
    Integer eigenIterations;

    @Option(names = "--memory", paramLabel = "SIZE", converter = SlqOptions.SizeConverter.class,
            description = "With --axes hessian: plan the eigenvector search against at most SIZE of memory (e.g. 8G,"
                    + " 512M) instead of all that the device has free. Does not change the numbers.")
    Long memoryLimit;

    /** The metadata of the --directions file, read when the options are checked. */
    private JsonNode savedMetadata;

    /**
     * Before libtorch loads: refuses, from {@code model}'s archive, an eigenvector search with
     * {@code operator} that cannot fit (README, Memory); the plan on the open model checks again.
     */
    void refuseBeforeEngine(HessianAxes.Operator operator, Path model, String device) {
        Models.sizeBeforeEngine(model, device, name -> true).ifPresent(size ->
                HessianAxes.checkBeforeEngine(operator, eigenIterations(), memoryLimitBytes(), size));
    }

    /** Most Lanczos steps of the Hessian axes' eigenvector search. */
    int eigenIterations() {
        return eigenIterations == null ? HessianAxes.DEFAULT_ITERATIONS : eigenIterations;
    }

    /**
     * Why the eigenvector search is too short for two eigenvectors, or null when it is not: one
     * message for landscape and its survey alike.
     */
    String eigenIterationsProblem() {
        return eigenIterations() >= 3 ? null
                : "--eigen-iterations must be at least 3 (two eigenvectors and a residual), got " + eigenIterations();
    }

    /** The --memory limit in bytes, -1 when not given. */
    long memoryLimitBytes() {
        return SlqOptions.SizeConverter.bytesOrNone(memoryLimit);
    }

    /** True for LLA's adameq update. */
    boolean adameq() {
        return "adameq".equals(update);
    }

    /**
     * Checks these options against {@code --axes}, {@code --dims} and the other axis options; returns
     * the kind of the axes: random, hessian, adam, models, or file.
     */
    String check(CommandSpec spec, String axes, int dims, DirectionNormalization normalization) {
        var parsed = spec.commandLine().getParseResult();
        if (!"linear".equals(update) && !adameq()) {
            throw usage(spec, "--update takes linear or adameq, got " + update);
        }
        if (directions != null) {
            if (scaleInvariant || operator != Curvature.HESSIAN) {
                throw usage(spec, (scaleInvariant ? "--scale-invariant" : "--operator " + operator.label())
                        + " chooses the matrix of Hessian axes; --directions FILE reuses saved directions as they"
                        + " are: drop it");
            }
            for (String option : List.of("--axes", "--hessian-pair", "--moments", "--to", "--random-dist",
                    "--eigen-iterations", "--memory")) {
                if (parsed.hasMatchedOption(option)) {
                    throw usage(spec, "--directions FILE gives the axes; drop " + option);
                }
            }
            if (adameq()) {
                throw usage(spec, "--update adameq needs --axes adam (Adam's moments), not --directions");
            }
            requireFile(directions, "--directions");
            savedMetadata = metadata(directions);
            return "file";
        }
        if (!List.of("random", "hessian", "adam", "models").contains(axes)) {
            throw usage(spec, "--axes takes random, hessian, adam or models, got " + axes);
        }
        if (!"hessian".equals(axes)) {
            String why = switch (axes) {
                case "random" -> "random directions are drawn, not taken from a matrix";
                case "adam" -> "Adam's moments are the directions";
                default -> "the way to the checkpoints is the direction";
            };
            if (scaleInvariant) {
                throw usage(spec, "--scale-invariant needs --axes hessian (" + why + ")");
            }
            if (operator != Curvature.HESSIAN) {
                throw usage(spec, "--operator " + operator.label() + " needs --axes hessian (" + why + ")");
            }
            for (String option : List.of("--eigen-iterations", "--memory")) {
                if (parsed.hasMatchedOption(option)) {
                    throw usage(spec, option + " needs --axes hessian (it plans the eigenvector search; " + why + ")");
                }
            }
        }
        if (eigenIterationsProblem() != null) {
            throw usage(spec, eigenIterationsProblem());
        }
        if (adameq() && !"adam".equals(axes)) {
            throw usage(spec, "--update adameq needs --axes adam (Adam's moments)");
        }
        if (moments != null && !"adam".equals(axes)) {
            throw usage(spec, "--moments needs --axes adam");
        }
        if (to != null && !"models".equals(axes)) {
            throw usage(spec, "--to needs --axes models");
        }
        if ("adam".equals(axes)) {
            if (moments == null) {
                throw usage(spec, "--axes adam needs --moments FILE.adam.npz (written by lla train)");
            }
            if (adameq()) {
                if (dims != 2) {
                    throw usage(spec, "--update adameq draws a surface over (a, b); drop --dims 1");
                }
                if (normalization != null && normalization != DirectionNormalization.NONE) {
                    throw usage(spec, "--update adameq steps along the raw moments (LLA's formula); drop --normalization");
                }
                if (parsed.hasMatchedOption("--dist")) {
                    throw usage(spec, "--dist does not apply to --update adameq (a in [-1, 1), b in [0.1, 2.1))");
                }
            }
            requireFile(moments, "--moments");
        }
        if ("models".equals(axes)) {
            if (to == null || to.isEmpty()) {
                throw usage(spec, "--axes models needs --to CKPT (--dims 1) or --to CKPT1,CKPT2 (--dims 2)");
            }
            if (to.size() != dims) {
                throw usage(spec, "--axes models with --dims " + dims + " needs " + dims + " checkpoint(s) in --to, got "
                        + to.size() + (to.size() == 1 ? "; add --dims 1 for a line" : ""));
            }
            to.forEach(f -> requireFile(f, "--to"));
        }
        return axes;
    }

    /** The matrix whose eigenvectors are the Hessian axes. */
    HessianAxes.Operator hessianOperator() {
        return new HessianAxes.Operator(operator, scaleInvariant);
    }

    /** The normalization when none is given: filter for random and Adam axes, none for the others. */
    DirectionNormalization defaultNormalization(String kind) {
        // Raw moments are tiny and of very different scale per layer, as random draws are: filter
        // normalization makes a step mean the same relative change everywhere. Eigenvectors stay
        // unit, checkpoints stay at the unit points, and saved directions are reused as they are.
        return ("random".equals(kind) || "adam".equals(kind)) && !adameq()
                ? DirectionNormalization.FILTER : DirectionNormalization.NONE;
    }

    /** Where the points lie for axes of {@code kind}. */
    Grid.Coordinates coordinates(String kind) {
        if (adameq()) {
            return Grid.Coordinates.ADAMEQ;
        }
        if ("models".equals(kind)) {
            return Grid.Coordinates.FROM_ORIGIN;
        }
        if ("file".equals(kind) && "from-origin".equals(savedMetadata.path("coordinates").asText())) {
            // Reused interpolation axes keep their convention, so the same file gives the same grid.
            return Grid.Coordinates.FROM_ORIGIN;
        }
        return Grid.Coordinates.CENTRED;
    }

    /** What describes the axes, in results.directions and in the saved file's metadata. */
    Map<String, Object> describe(String kind, Grid grid, LandscapeConfig config) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        map.put("update", update);
        map.put("coordinates", grid.coordinates().label());
        map.put("seed", "random".equals(kind) || "hessian".equals(kind) ? config.seed() : null);
        map.put("operator", "hessian".equals(kind) ? operator.label() : null);
        map.put("scaleInvariant", "hessian".equals(kind) ? scaleInvariant : null);
        map.put("eigenIterations", "hessian".equals(kind) ? eigenIterations() : null);
        map.put("normalization", config.normalization().label());
        map.put("normOrder", config.normOrder());
        map.put("ignoreBiasBn", config.ignoreBiasBn());
        map.put("moments", moments == null ? null : moments.toString());
        map.put("checkpoints", to == null ? null : AxisSource.names(to));
        map.put("file", directions == null ? null : directions.toString());
        map.put("fileKind", savedKind());
        return map;
    }

    /** For model axes, " to a checkpoint" or " to two checkpoints": the axes name them, the title has no room. */
    String titleTowards() {
        return to == null ? "" : " to " + (to.size() == 1 ? "a checkpoint" : "two checkpoints");
    }

    /** The title of axis 1 or 2 in the pictures. */
    String axisLabel(Grid grid, int axis) {
        return switch (grid.coordinates()) {
            case ADAMEQ -> axis == 1 ? "a" : "b";
            case FROM_ORIGIN -> to == null ? "direction " + axis : "to " + to.get(Math.min(axis, to.size()) - 1).getFileName();
            case CENTRED -> "direction " + axis;
        };
    }

    /** The files that fix the axes, for provenance and the journal's fingerprint. */
    List<Path> files() {
        List<Path> files = new ArrayList<>();
        if (moments != null) {
            files.add(moments);
        }
        if (to != null) {
            files.addAll(to);
        }
        if (directions != null) {
            files.add(directions);
        }
        return files;
    }

    /** The kind of the axes a --directions file was made with, or null. */
    String savedKind() {
        return savedMetadata == null ? null : savedMetadata.path("kind").asText(null);
    }

    private static void requireFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw LlaException.input(option + " " + file + ": no such file");
        }
    }

    private static JsonNode metadata(Path file) {
        if (!NpzReader.arrayNames(file).contains("metadata")) {
            return JsonDocuments.mapper().createObjectNode();
        }
        var array = NpzReader.read(file, "metadata");
        byte[] bytes = new byte[array.size()];
        array.data().get(bytes);
        try {
            return JsonDocuments.mapper().readTree(bytes);
        } catch (IOException e) {
            throw LlaException.input(file + ": its 'metadata' array is not JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")", e);
        }
    }

    private static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
