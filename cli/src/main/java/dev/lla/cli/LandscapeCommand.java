package dev.lla.cli;

import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.Grid;
import dev.lla.core.shard.GridShard;
import dev.lla.core.landscape.HessianAxes;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.LandscapePartial;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.shard.SharedJournal;
import dev.lla.render.Document;
import dev.lla.render.JsonJournal;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lla landscape}: the loss and accuracy along random directions around the trained weights. */
@Command(
        name = "landscape",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "Loss landscape: loss and accuracy at w0 + a*d1 + b*d2 on an exact grid, along seeded random"
                    + " directions (Li et al. 2018), Hessian eigenvectors, Adam's moments (or LLA's adameq"
                    + " update), other checkpoints or a saved pair, normalized against the weights, with"
                    + " value-explosion detection. --survey runs the paper's Table 1 regimes.",
            "Writes landscape.json, PNGs and directions.npz to --out."
        })
final class LandscapeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;
    @Mixin AxesOptions axesOptions;
    @Mixin LandscapeRunOptions run;
    @Mixin DeviceListOptions devices;

    @Option(names = "--dims", defaultValue = "2", paramLabel = "1|2",
            description = "A curve along one direction or a surface along two. Default: ${DEFAULT-VALUE}.")
    int dims;

    @Option(names = "--steps", defaultValue = "40", paramLabel = "S",
            description = "Intervals per axis (S + 1 points); even, so that the original weights are the"
                    + " centre point. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--dist", defaultValue = "1", paramLabel = "D",
            description = "Width of each axis: coordinates (i - S/2)*D/S. Default: ${DEFAULT-VALUE}.")
    double dist;

    @Option(names = "--axes", defaultValue = "random", paramLabel = "random|hessian|adam|models",
            description = "Directions of the axes: seeded random ones, Hessian eigenvectors at the"
                    + " weights (on the first batch; of G or NME with --operator, scale-invariant with"
                    + " --scale-invariant), Adam's moments (--moments), or the way to other"
                    + " checkpoints (--to). Default: ${DEFAULT-VALUE}.")
    String axes;

    @Option(names = "--hessian-pair", paramLabel = "top2|minmax",
            description = "With --axes hessian: the two largest curvature directions (top2, the default)"
                    + " or the largest and the most negative (minmax).")
    String hessianPair;

    @Option(names = "--random-dist", defaultValue = "gaussian", paramLabel = "gaussian|uniform",
            description = "Entries of random directions: standard normal or uniform on [0,1). Default: ${DEFAULT-VALUE}.")
    RandomDistribution distribution;

    @Option(names = "--normalization", paramLabel = "none|weight|filter|layer|model",
            description = "Scaling of each direction against the weights. Default: filter for random and adam"
                    + " axes, none for hessian, models, adameq and --directions.")
    DirectionNormalization normalization;

    @Option(names = "--norm-order", defaultValue = "2", paramLabel = "1|2",
            description = "Order p of the (true) p-norms of the normalization. Default: ${DEFAULT-VALUE}.")
    int normOrder;

    @Option(names = "--ignore", paramLabel = "bias-bn",
            description = "bias-bn: zero the directions in every 1-D tensor (biases, BatchNorm), as Li et al.")
    String ignore;

    @Option(names = "--explosion-factor", defaultValue = "1000", paramLabel = "F",
            description = "A point explodes when its loss is not finite or above F x the origin's. Default: ${DEFAULT-VALUE}.")
    double explosionFactor;

    @Option(names = "--loss-cap", paramLabel = "CAP",
            description = "Clip losses above CAP in the pictures only; the JSON keeps the raw values.")
    Double lossCap;

    @Option(names = "--resume",
            description = "Reuse the grid rows that an interrupted run with the same inputs and options"
                    + " saved in --out, and compute the rest.")
    boolean resume;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of batches and directions; same seed, same numbers. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        if (run.survey) {
            return new LandscapeSurveyRun(this).call();
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String kind = axesOptions.check(spec, axes, dims, normalization);
        boolean hessianAxes = "hessian".equals(kind);
        if (hessianPair != null && !hessianAxes) {
            throw new ParameterException(spec.commandLine(), "--hessian-pair needs --axes hessian");
        }
        HessianAxes.Pair pair = pair();
        if (normalization == null) {
            normalization = axesOptions.defaultNormalization(kind);
        }
        if (ignore != null && !"bias-bn".equals(ignore)) {
            throw new ParameterException(spec.commandLine(), "--ignore takes bias-bn, got " + ignore);
        }
        LandscapeConfig config = new LandscapeConfig(dims, steps, dist, distribution, normalization, normOrder,
                ignore != null, explosionFactor, seed, model.mode);
        if (hessianAxes && devices.list(spec) == null) {
            // Before libtorch loads: an eigenvector search that cannot fit is refused at once.
            axesOptions.refuseBeforeEngine(axesOptions.hessianOperator(), model.model, model.device);
        }
        Models.preloadEngine();
        GridShard shard = run.shard();
        Inputs inputs = run.inputs(data, spec, seed);
        Grid grid = Grid.of(axesOptions.coordinates(kind), config);
        Map<String, Object> configMap = configMap(config);
        run.putConfig(configMap);
        AxisSource source = new AxisSource(kind, axesOptions, pair, model.device, axesOptions.describe(kind, grid, config),
                output.quiet ? null : err);
        output.checkOutDirectory();
        // Shards may share one --out: each has its own journal, document and saved directions.
        String stem = shard.isWhole() ? "landscape" : "landscape." + shard.label();
        JsonJournal<LandscapePartial> journal = new JsonJournal<>(output.out.resolve(stem + ".partial.json"),
                resume, LandscapePartial.class, LandscapePartial::empty, LandscapePartial::fingerprint);
        LandscapeJob[] job = new LandscapeJob[1];
        String[] fingerprints = new String[1];
        List<String> lanes = devices.list(spec);
        Analysis.Done<LandscapeResult> done;
        Object deviceCosts = null;
        if (lanes == null) {
            done = Analysis.run(model, axesOptions.files(), name -> true, inputs,
                    configMap, seed, journal, output.quiet, err, (loaded, progress, fingerprint) -> {
                        fingerprints[0] = fingerprint;
                        job[0] = new LandscapeJob(config, progress, journal, fingerprint).restrictedTo(shard);
                        return runJob(job[0], loaded, source, inputs, config, grid);
                    });
        } else {
            // Each device draws the directions on its own model (same seed, same numbers) and takes rows.
            SharedJournal<LandscapePartial> shared = new SharedJournal<>(journal, LandscapePartial::union,
                    LandscapePartial::fingerprint);
            model.noteOnStderr(err, output.quiet);
            Analysis.DevicesDone<LandscapeResult, Object> ran = Analysis.onDevices(lanes, model.model, model.output,
                    axesOptions.files(), name -> true, model.loss, inputs, configMap, seed, journal, output.quiet, err,
                    shard, grid.x().length, (loaded, fingerprint, rows, lane) -> {
                        AxisSource own = new AxisSource(kind, axesOptions, pair, lanes.get(lane),
                                axesOptions.describe(kind, grid, config), null);
                        runJob(new LandscapeJob(config, ProgressListener.NONE, shared.lane(lane), fingerprint)
                                .restrictedTo(rows), loaded, own, inputs, config, grid);
                        return null;
                    }, (loaded, progress, fingerprint) -> {
                        fingerprints[0] = fingerprint;
                        job[0] = new LandscapeJob(config, progress, shared.whole(), fingerprint).restrictedTo(shard);
                        return runJob(job[0], loaded, source, inputs, config, grid);
                    });
            done = ran.done();
            deviceCosts = DeviceCosts.json(ran.lanes(), o -> 0, o -> 0);
        }
        LandscapeResult result = done.value();
        String npz = shard.isWhole() ? "directions.npz" : stem + ".directions.npz";
        Map<String, Object> directions = axesOptions.describe(kind, grid, config);
        directions.put("adamStep", source.adamStep());
        directions.put("saved", npz);
        directions.put("digest", job[0].directionDigest());
        Map<String, Object> results = results(result, config, kind, directions);
        LandscapePictures.Labels labels = labels(grid);
        if (shard.isWhole()) {
            Map<String, byte[]> files = pictures(result, labels);
            files.put(npz, source.savedNpz());
            output.publish(out, err, "landscape", Document.of("landscape", configMap, done.provenance(),
                    results, DeviceCosts.with(cost(source), deviceCosts)), files, o -> summary(o, result, kind));
        } else {
            output.publish(out, err, stem, LandscapeShards.document(configMap, done.provenance(), results, shard,
                    fingerprints[0], labels), Map.of(npz, source.savedNpz()), o -> LandscapeShards.summary(o, shard, result));
        }
        journal.delete();
        return ExitCodes.OK;
    }

    /** {@code cost}: the memory plan of Hessian axes next to the peak RSS seen; null for other axes. */
    private static Object cost(AxisSource source) {
        return source.memory() == null ? null : Map.of("memory", source.memory().json());
    }

    private static <V> LandscapeResult runJob(LandscapeJob job, TrainableModel<V> model, AxisSource source,
            Inputs inputs, LandscapeConfig config, Grid grid) {
        return job.run(model, inputs.batches(), source.directions(model, inputs, config), grid);
    }

    HessianAxes.Pair pair() {
        if (hessianPair == null || "top2".equals(hessianPair)) {
            return HessianAxes.Pair.TOP2;
        }
        if ("minmax".equals(hessianPair)) {
            return HessianAxes.Pair.MINMAX;
        }
        throw new ParameterException(spec.commandLine(), "--hessian-pair takes top2 or minmax, got " + hessianPair);
    }

    /** The pictures' title and axis labels, which name the model, mode, axes and normalization. */
    private LandscapePictures.Labels labels(Grid grid) {
        String title = "Loss landscape: " + model.model.getFileName() + axesOptions.titleTowards() + " ("
                + model.mode.name().toLowerCase(java.util.Locale.ROOT) + " mode"
                + (axesOptions.adameq() ? ", adameq update"
                        : axesOptions.to != null && normalization == DirectionNormalization.NONE ? ""
                        : ", " + normalization.label() + " normalization") + ")";
        return new LandscapePictures.Labels(title, axesOptions.axisLabel(grid, 1),
                dims == 2 ? axesOptions.axisLabel(grid, 2) : null);
    }

    /** The PNGs (see {@link LandscapePictures}) and, with --npy, the grids as .npy files. */
    private Map<String, byte[]> pictures(LandscapeResult r, LandscapePictures.Labels labels) {
        Map<String, byte[]> files = new LinkedHashMap<>(LandscapePictures.pngs(labels, r, lossCap));
        if (run.npy) {
            files.putAll(LandscapePictures.npy(r));
        }
        return files;
    }

    /** The results section: flat arrays in 1D, {@code loss[i][j]} at {@code (x[i], y[j])} in 2D. */
    private Map<String, Object> results(LandscapeResult r, LandscapeConfig config, String kind,
            Map<String, Object> description) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("x", r.x());
        map.put("y", r.dims() == 2 ? r.y() : null);
        map.put("loss", r.dims() == 2 ? r.loss() : column(r.loss()));
        map.put("accuracy", r.dims() == 2 ? r.accuracy() : column(r.accuracy()));
        map.put("originLoss", r.originLoss());
        map.put("originAccuracy", r.originAccuracy());
        map.put("explosion", r.explosion());
        Map<String, Object> directions = new LinkedHashMap<>(description);
        directions.put("hessianPair", "hessian".equals(kind) ? pair().label() : null);
        directions.put("distribution", "random".equals(kind) ? config.distribution().label() : null);
        // adameq moves along one direction: one norm, no cosine.
        boolean two = r.dims() == 2 && !Double.isNaN(r.norm2());
        directions.put("norms", two ? new double[] {r.norm1(), r.norm2()} : new double[] {r.norm1()});
        directions.put("cosine", two ? r.cosine() : null);
        map.put("directions", directions);
        map.put("samplesPerPoint", r.samples());
        return map;
    }

    private static double[] column(double[][] grid) {
        double[] flat = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            flat[i] = grid[i][0];
        }
        return flat;
    }

    private Map<String, Object> configMap(LandscapeConfig config) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", model.model.toString());
        data.putSourceConfig(map);
        data.putBatchConfig(map);
        model.putRuntimeConfig(map);
        devices.putConfig(map);
        map.put("dims", config.dims());
        map.put("steps", config.steps());
        map.put("dist", config.dist());
        map.put("axes", axesOptions.directions == null ? axes : "file");
        map.put("hessianPair", "hessian".equals(axes) ? pair().label() : null);
        map.put("operator", "hessian".equals(axes) ? axesOptions.operator.label() : null);
        map.put("scaleInvariant", "hessian".equals(axes) ? axesOptions.scaleInvariant : null);
        map.put("eigenIterations", "hessian".equals(axes) ? axesOptions.eigenIterations() : null);
        map.put("update", axesOptions.update);
        map.put("moments", axesOptions.moments == null ? null : axesOptions.moments.toString());
        map.put("to", axesOptions.to == null ? null : AxisSource.names(axesOptions.to));
        map.put("directions", axesOptions.directions == null ? null : axesOptions.directions.toString());
        map.put("randomDist", config.distribution().label());
        map.put("normalization", config.normalization().label());
        map.put("normOrder", config.normOrder());
        map.put("ignore", config.ignoreBiasBn() ? "bias-bn" : null);
        map.put("explosionFactor", config.explosionFactor());
        map.put("seed", config.seed());
        map.put("lossCap", lossCap);
        return map;
    }

    /** "hessian", or e.g. "hessian (gauss-newton, scale-invariant)" for the other matrices. */
    private String hessianAxesLabel() {
        if (axesOptions.operator == dev.lla.core.model.Curvature.HESSIAN && !axesOptions.scaleInvariant) {
            return "hessian";
        }
        return "hessian (" + axesOptions.operator.label() + (axesOptions.scaleInvariant ? ", scale-invariant" : "") + ")";
    }

    private void summary(PrintWriter o, LandscapeResult r, String kind) {
        int points = r.x().length * r.y().length;
        o.printf(Locale.ROOT, "landscape of %s: %d points (%dD, %s directions%s, %s normalization), %d samples each%n",
                model.model.getFileName(), points, r.dims(), "random".equals(kind) ? distribution.label()
                        : "hessian".equals(kind) ? hessianAxesLabel() : kind,
                axesOptions.adameq() ? ", adameq update" : "", normalization.label(), r.samples());
        o.printf(Locale.ROOT, "origin loss %.6g, accuracy %.4f%n", r.originLoss(), r.originAccuracy());
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : r.loss()) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        o.printf(Locale.ROOT, "loss range %.6g .. %.6g%n", min, max);
        o.printf(Locale.ROOT, "value explosion: %s (%.1f%% of points, max ratio %.3g, %d non-finite)%n",
                r.explosion().detected() ? "yes" : "no", 100 * r.explosion().fraction(), r.explosion().maxRatio(),
                r.explosion().nonFinite());
    }
}
