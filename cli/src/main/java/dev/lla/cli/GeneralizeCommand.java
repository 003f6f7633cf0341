package dev.lla.cli;

import dev.lla.core.criteria.CriteriaConfig;
import dev.lla.core.generalize.Cell;
import dev.lla.core.generalize.Checkpoint;
import dev.lla.core.generalize.GeneralizeJob;
import dev.lla.core.generalize.GeneralizePartial;
import dev.lla.core.generalize.GeneralizeResult;
import dev.lla.core.generalize.SeriesDataset;
import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.provenance.FileDigest;
import dev.lla.core.provenance.Provenance;
import dev.lla.core.shard.DeviceLanes;
import dev.lla.core.shard.SharedJournal;
import dev.lla.render.Document;
import dev.lla.render.GeneralizePlot;
import dev.lla.render.GeneralizeTable;
import dev.lla.render.JsonJournal;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lla generalize}: the paper's generalization experiment over a checkpoint series. */
@Command(
        name = "generalize",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "The generalization experiment of Gabdullin (2024, section 4): every checkpoint of a training"
                    + " run on its training dataset A (--data) and on target datasets B (--target) with the"
                    + " same classes: loss and accuracy (eval mode), and the Hessian criteria KH05, KH1 and re"
                    + " with their spread over batches × runs; the change B − A per checkpoint; and over the"
                    + " series the Pearson and Spearman correlations of ΔKH05, ΔKH1 and Δre with Δaccuracy.",
            "Writes generalize.json, generalize.md and the figures generalize-accuracy.png,"
                    + " generalize-kh05.png and generalize-scatter.png to --out."
        })
final class GeneralizeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DataOptions data;
    @Mixin OutputOptions output;
    @Mixin DeviceListOptions devices;
    @Mixin SlqOptions slq;
    @Mixin ModelListOptions graphOutput;

    @Mixin CheckpointOptions series;

    @Option(names = "--data-name", paramLabel = "NAME",
            description = "Name of dataset A in tables and figures. Default: from its path.")
    String dataName;

    @Option(names = "--eval-batches", defaultValue = "auto", paramLabel = "N|all|auto",
            description = "Loss and accuracy on N batches of --batch-size (seeded, or the first with"
                    + " --sequential), on the whole split (all), or auto: the whole split up to 10000"
                    + " samples, else a seeded subset of 10000. Default: ${DEFAULT-VALUE}.")
    String evalBatches;

    @Option(names = "--mode", defaultValue = "eval", paramLabel = "eval|train",
            description = "BatchNorm statistics of the Hessian: running (eval) or per batch (train)."
                    + " Loss and accuracy are always in eval mode. Default: ${DEFAULT-VALUE}.")
    ModelMode mode;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda[:N]",
            description = "Where libtorch computes. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--loss", defaultValue = "cross-entropy", paramLabel = "cross-entropy|mse",
            converter = ModelOptions.LossConverter.class,
            description = "L(w) of the loss column and the Hessian, as in lla criteria. Default: ${DEFAULT-VALUE}.")
    Loss loss;

    @ArgGroup(exclusive = false, multiplicity = "1..*", heading = "%nTarget datasets (each starts with --target):%n")
    List<TargetOptions> targets;

    @Option(names = "--shard", paramLabel = "i/n",
            description = "Measure only shard i of n (0-based, e.g. $SLURM_ARRAY_TASK_ID/8) of the checkpoint x dataset"
                    + " cells and write generalize.shard-i-of-n.json; join the shards with 'lla merge', run from the"
                    + " same directory.")
    String shard;

    /** The job, kept for a shard's document: its pieces and what it finished. */
    private GeneralizeJob job;

    @Override
    public Integer call() {
        slq.refuseAllOperators("generalize");
        Integer evalCount = parseEvalBatches();
        CriteriaConfig config = new CriteriaConfig(
                slq.runs, slq.iterations, List.of(0.5, 1.0), slq.scope, mode, slq.seed, slq.operator, slq.scaleInvariant);
        List<Checkpoint> checkpoints = series.checkpoints(spec);
        graphOutput.describe(checkpoints.stream().map(Checkpoint::model).toList());
        if (devices.list(spec) == null) {
            // Before libtorch loads and the data are read (Main leaves generalize's load to here):
            // the checkpoints of a series share their size, so the first one's archive says it.
            slq.refuseBeforeEngine(config.spectralAnalysis(), false, false, checkpoints.get(0).model(), device,
                    name -> true);
        }
        Models.preloadEngine();
        output.checkOutDirectory();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        graphOutput.noteOnStderr(err, output.quiet, mode);
        String startedAt = java.time.Instant.now().toString();

        List<SeriesDataset> datasets = new SeriesInputs(data, targets, dataName, evalCount,
                evalBatches.strip().equalsIgnoreCase("all"), slq.seed).load();
        List<String> lanes = devices.list(spec);
        ModelOpener runtime = new ModelOpener(lanes == null ? device : lanes.get(0));
        GeneralizeJob.checkFit(checkpoints, datasets, runtime::open);
        checkMemory(config, checkpoints.get(0), datasets, runtime, err);

        List<FileDigest> modelFiles = checkpoints.stream().map(c -> FileDigest.of(c.model())).toList();
        List<FileDigest> dataFiles = new ArrayList<>();
        for (SeriesDataset d : datasets) {
            d.dataset().files().forEach(f -> dataFiles.add(FileDigest.of(f)));
        }
        Map<String, Object> configMap = configMap(checkpoints);
        String fingerprint = Fingerprint.of(fingerprintConfig(configMap, datasets), modelFiles, dataFiles);
        dev.lla.core.shard.GridShard part = dev.lla.core.shard.GridShard.parseOrWhole(shard);
        String stem = part.isWhole() ? "generalize" : "generalize." + part.label();
        JsonJournal<GeneralizePartial> journal = new JsonJournal<>(output.out.resolve(stem + ".partial.json"),
                slq.resume, GeneralizePartial.class, GeneralizePartial::empty, GeneralizePartial::fingerprint);

        long started = System.nanoTime();
        List<Cell> cells;
        Object deviceCosts = null;
        dev.lla.core.hesd.HesdRun.Cost laneTotal = null;
        if (lanes == null) {
            cells = runJob(config, journal, journal, fingerprint, checkpoints, datasets, runtime, err, part);
        } else {
            SharedJournal<GeneralizePartial> shared = new SharedJournal<>(journal, GeneralizePartial::union,
                    GeneralizePartial::fingerprint);
            List<DeviceLanes.Lane<dev.lla.core.hesd.HesdRun.Cost>> ran = onDevices(lanes, config, shared, fingerprint,
                    checkpoints, datasets, part, err);
            cells = runJob(config, journal, shared.whole(), fingerprint, checkpoints, datasets, runtime, err, part);
            deviceCosts = DeviceCosts.json(ran, dev.lla.core.hesd.HesdRun.Cost::hvps,
                    dev.lla.core.hesd.HesdRun.Cost::hvpSeconds);
            laneTotal = DeviceCosts.total(ran, new dev.lla.core.hesd.HesdRun.Cost(0, 0, 0),
                    (System.nanoTime() - started) / 1e9);
        }
        if (!part.isWhole()) {
            long hvps = laneTotal != null ? laneTotal.hvps() : cells.stream().mapToLong(c -> c.cost().hvps()).sum();
            double hvpSeconds = laneTotal != null ? laneTotal.hvpSeconds()
                    : cells.stream().mapToDouble(c -> c.cost().hvpSeconds()).sum();
            double wall = laneTotal != null ? laneTotal.wallSeconds()
                    : cells.stream().mapToDouble(c -> c.cost().wallSeconds()).sum();
            Provenance shardProvenance = Provenances.of(runtime.engine, runtime.device, modelFiles, dataFiles,
                    slq.seed, startedAt);
            output.publish(out, err, stem, HesdShards.document(HesdShards.GENERALIZE, configMap, shardProvenance, part,
                    fingerprint, job.ownPieces(), job.allPieces(), job.finished(),
                    ShardArguments.of(spec),
                    new dev.lla.core.hesd.HesdRun.Cost(hvps, hvpSeconds, wall), deviceCosts), Map.of(),
                    o -> o.printf(java.util.Locale.ROOT, "generalize shard %s: %d of %d cells; join all %d shards"
                            + " with 'lla merge'%n", part, job.ownPieces().size(),
                            job.allPieces().size(), part.count()));
            journal.delete();
            return ExitCodes.OK;
        }
        List<String> names = datasets.stream().map(SeriesDataset::name).toList();
        GeneralizeResult result = GeneralizeResult.of(checkpoints, names, cells);
        Provenance provenance = Provenances.of(runtime.engine, runtime.device, modelFiles, dataFiles, slq.seed,
                startedAt);
        Document document = Document.of("generalize", configMap, provenance,
                GeneralizeResults.of(result, datasets, targets, data), laneTotal == null ? GeneralizeResults.cost(cells)
                        : DeviceCosts.with(laneTotal, deviceCosts));

        String pair = String.join(", ", names.subList(1, names.size())) + " (B) vs " + names.get(0) + " (A)";
        String scatterTitle = result.comparisons().size() == 1
                ? "ΔKH05 vs Δaccuracy: " + GeneralizePlot.correlations(result.comparisons().get(0).correlations()
                        .get("KH0.5"))
                : "ΔKH05 vs Δaccuracy, one point per checkpoint";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("generalize.md", GeneralizeTable.markdown("Generalization: " + pair, settings(datasets), result)
                .getBytes(StandardCharsets.UTF_8));
        files.put("generalize-accuracy.png", GeneralizePlot.accuracy("Accuracy: " + pair, result));
        files.put("generalize-kh05.png", GeneralizePlot.kh05("KH05: " + pair, result));
        files.put("generalize-scatter.png", GeneralizePlot.scatter(scatterTitle, result));
        output.publish(out, err, "generalize", document, files, o -> o.print(GeneralizeTable.summary(result)));
        journal.delete();
        return ExitCodes.OK;
    }

    /** The settings that fix the numbers, in words, for the Markdown report. */
    private String settings(List<SeriesDataset> datasets) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Criteria: %d batch%s of %d samples × %d SLQ runs of %d Lanczos steps"
                + " per dataset (%s Hessian, BatchNorm %s mode), seed %d. Evaluated samples:", data.batches,
                data.batches == 1 ? "" : "es", data.batchSize, slq.runs, slq.iterations, slq.scopeName(),
                mode.name().toLowerCase(Locale.ROOT), slq.seed));
        for (SeriesDataset d : datasets) {
            text.append(' ').append(d.name()).append(' ').append(d.evaluatedSamples()).append(" of ")
                    .append(d.dataset().size()).append(d == datasets.get(datasets.size() - 1) ? "." : ",");
        }
        return text.toString();
    }

    /**
     * The cells on several devices: one worker per device, each opening the checkpoints of the cells
     * it takes on its device, journaling into {@code shared}.
     */
    private List<DeviceLanes.Lane<dev.lla.core.hesd.HesdRun.Cost>> onDevices(List<String> lanes, CriteriaConfig config,
            SharedJournal<GeneralizePartial> shared, String fingerprint, List<Checkpoint> checkpoints,
            List<SeriesDataset> datasets, dev.lla.core.shard.GridShard part, PrintWriter err) {
        ProgressListener progress = StderrProgress.forStderr(err, output.quiet);
        int threadsBefore = DeviceListOptions.threadsFor(lanes);
        try {
            return DeviceLanes.run(lanes, part, checkpoints.size() * datasets.size(), progress, (lane, cells) -> {
                if (threadsBefore > 0) {
                    dev.lla.core.model.ComputeDevices.setIntraOpThreads(1);
                }
                ModelOpener opener = new ModelOpener(lanes.get(lane));
                List<Cell> done = new GeneralizeJob(config, ProgressListener.NONE, shared.lane(lane), fingerprint)
                        .restrictedTo(cells).run(checkpoints, datasets, opener::open, cell -> {});
                return new dev.lla.core.hesd.HesdRun.Cost(done.stream().mapToLong(c -> c.cost().hvps()).sum(),
                        done.stream().mapToDouble(c -> c.cost().hvpSeconds()).sum(),
                        done.stream().mapToDouble(c -> c.cost().wallSeconds()).sum());
            });
        } finally {
            DeviceListOptions.restoreThreads(threadsBefore);
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }
    }

    /** Opens models on one device, remembering the engine and device for provenance. */
    private final class ModelOpener {
        private final String request;
        dev.lla.core.model.EngineInfo engine;
        String device;

        ModelOpener(String request) {
            this.request = request;
        }

        TrainableModel<?> open(Path file) {
            TrainableModel<?> model = EngineWarnings.say(Models.open(file, request, name -> true, loss,
                    graphOutput.outputOf(file)), spec.commandLine().getErr());
            engine = model.engine();
            device = model.device();
            return model;
        }
    }

    /**
     * Plans the SLQ of the first checkpoint on each dataset before any long work (the checkpoints
     * of a series share their architecture): a run that cannot fit stops here, with one line.
     */
    private void checkMemory(CriteriaConfig config, Checkpoint first, List<SeriesDataset> datasets,
            ModelOpener runtime, PrintWriter err) {
        try (TrainableModel<?> model = runtime.open(first.model())) {
            for (SeriesDataset data : datasets) {
                MemoryReport.check(config.spectralAnalysis(), false, false, slq.memoryLimitBytes(), model,
                        data.hessianBatches(), output.quiet, err);
            }
        }
    }

    private List<Cell> runJob(CriteriaConfig config, JsonJournal<GeneralizePartial> journal,
            dev.lla.core.journal.Journal<GeneralizePartial> pieces, String fingerprint,
            List<Checkpoint> checkpoints, List<SeriesDataset> datasets, ModelOpener runtime, PrintWriter err,
            dev.lla.core.shard.GridShard part) {
        ProgressListener progress = StderrProgress.forStderr(err, output.quiet);
        Thread interrupted = new Thread(() -> {
            if (Files.exists(journal.file())) {
                err.println();
                err.println("lla: interrupted; finished pieces are saved in " + journal.file()
                        + "; run the same command with --resume to continue");
                err.flush();
            }
        });
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            job = new GeneralizeJob(config, progress, pieces, fingerprint).restrictedTo(part);
            return job.run(checkpoints, datasets, runtime::open,
                    cell -> {
                        if (progress instanceof StderrProgress p) {
                            p.finish();
                        }
                        if (!output.quiet) {
                            err.println(cellLine(checkpoints, datasets, cell));
                            err.flush();
                        }
                    });
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }
    }

    private static String cellLine(List<Checkpoint> checkpoints, List<SeriesDataset> datasets, Cell cell) {
        var kh05 = cell.criteria().criteria().kh().get("0.5");
        return String.format(Locale.ROOT, "%s on %s: accuracy %.4f, loss %.4g, KH05 %s (%.1f s)",
                checkpoints.get(cell.checkpoint()).label(), datasets.get(cell.dataset()).name(),
                cell.evaluation().accuracy(), cell.evaluation().loss(),
                Double.isFinite(kh05.mean()) ? String.format(Locale.ROOT, "%.4g ± %.2g", kh05.mean(), kh05.std())
                        : "undefined", cell.cost().wallSeconds())
                + (cell.undefined() == null ? "" : "; criteria undefined: " + cell.undefined());
    }

    /** null for auto or all, else the number of evaluation batches. */
    private Integer parseEvalBatches() {
        String text = evalBatches.strip().toLowerCase(Locale.ROOT);
        if (text.equals("auto") || text.equals("all")) {
            return null;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new ParameterException(spec.commandLine(),
                "--eval-batches " + evalBatches + ": expected a positive number of batches, all or auto");
    }

    private Map<String, Object> configMap(List<Checkpoint> checkpoints) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("series", series.seriesOrNull());
        map.put("checkpoints", checkpoints.stream().map(c -> c.model().toString()).toList());
        graphOutput.putConfig(map);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", dataName != null ? dataName : TargetOptions.defaultName(data.data));
        a.put("data", data.data.toString());
        a.put("split", data.split.label());
        a.put("format", data.format.label());
        a.put("labels", data.labels == null ? null : data.labels.toString());
        a.put("transforms", data.transformsLabel());
        map.put("data", a);
        map.put("targets", targets.stream().map(TargetOptions::config).toList());
        data.putBatchConfig(map);
        map.put("evalBatches", evalBatches.strip().toLowerCase(Locale.ROOT));
        map.put("evaluationMode", "eval");
        map.put("loss", loss.label());
        map.put("mode", mode.name().toLowerCase(Locale.ROOT));
        map.put("device", device);
        devices.putConfig(map);
        map.put("hessian", slq.scopeName());
        map.put("operator", slq.operator.label());
        map.put("scaleInvariant", slq.scaleInvariant);
        map.put("nhes", slq.runs);
        map.put("iterations", slq.iterations);
        map.put("khN", List.of(0.5, 1.0));
        map.put("seed", slq.seed);
        return map;
    }

    /** The config plus every dataset's batches: a resume must see exactly the same samples. */
    private static Map<String, Object> fingerprintConfig(Map<String, Object> config, List<SeriesDataset> datasets) {
        Map<String, Object> map = new LinkedHashMap<>(config);
        for (SeriesDataset d : datasets) {
            List<Integer> hessian = d.hessianBatches().stream().map(b -> Arrays.hashCode(b.labels())
                    * 31 + Arrays.hashCode(b.pixels())).toList();
            List<Integer> evaluation = d.evaluation().stream().map(Arrays::hashCode).toList();
            map.put("batches of " + d.name(), hessian + " " + evaluation);
        }
        return map;
    }
}
