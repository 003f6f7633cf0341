package dev.lla.cli;

import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdConfig.Reorthogonalization;
import dev.lla.core.hesd.HesdConfig.TraceMethod;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.shard.GridShard;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.hesd.HesdResult;
import dev.lla.core.hesd.HesdRun;
import dev.lla.core.journal.Journal;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.spectrum.HutchinsonTrace;
import dev.lla.core.hesd.EigenvectorReport;
import dev.lla.core.hesd.EigenvectorsFile;
import dev.lla.render.Document;
import dev.lla.render.JsonDocuments;
import dev.lla.render.JsonJournal;
import dev.lla.core.model.Curvature;
import dev.lla.render.SpectrumPlot;
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
import picocli.CommandLine.Spec;

/** {@code lla hesd}: Hessian eigenvalue spectral density, extreme eigenvalues and trace. */
@Command(
        name = "hesd",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "Hessian eigenvalue spectral density (HESD) by stochastic Lanczos quadrature, the top-k and"
                    + " most negative eigenvalues, and the Hutchinson trace, from exact Hessian-vector"
                    + " products of the mean loss (--loss).",
            "Writes hesd.json and hesd.png to --out (with --eigenvectors also eigenvectors.npz)."
        })
final class HesdCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;
    @Mixin SlqOptions slq;
    @Mixin DeviceListOptions devices;

    @Option(names = "--reorth", defaultValue = "full", paramLabel = "full|partial",
            description = "Re-orthogonalization of the SLQ Lanczos vectors: full (against all of them at"
                    + " every step, PyHessian) or partial (only when Simon's estimates show orthogonality"
                    + " falling to sqrt(unit roundoff); same memory, same results up to rounding)."
                    + " Default: ${DEFAULT-VALUE}.")
    Reorthogonalization reorthogonalization;

    @Option(names = "--window", defaultValue = "0", paramLabel = "K",
            description = "Keep only the last K Lanczos vectors for re-orthogonalization (saves"
                    + " memory on big models; conflicts with --reorth partial); 0 keeps all."
                    + " Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--top-k", defaultValue = "2", paramLabel = "K",
            description = "Algebraically largest eigenvalues to find. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--trace-samples", defaultValue = "100", paramLabel = "N",
            description = "Most products for the trace (Hutchinson: samples); 0 skips it. Default: ${DEFAULT-VALUE}.")
    int traceSamples;

    @Option(names = "--trace-method", defaultValue = "hutchinson", paramLabel = "hutchinson|hutch++",
            converter = TraceMethodConverter.class,
            description = "The trace estimator: hutchinson (Rademacher probes of the whole operator) or hutch++"
                    + " (Meyer et al. 2021: the trace of a sketched top subspace exactly, probes of the rest; far"
                    + " fewer products for the same standard error when a few eigenvalues dominate). Both stop by"
                    + " --trace-tol within --trace-samples products. Default: ${DEFAULT-VALUE}.")
    TraceMethod traceMethod;

    @Option(names = "--trace-sketch", defaultValue = "0", paramLabel = "K",
            description = "With --trace-method hutch++: sketch vectors (2K products); 0 takes a third of"
                    + " --trace-samples, Meyer et al.'s split. Default: ${DEFAULT-VALUE}.")
    int traceSketch;

    @Option(names = "--trace-tol", defaultValue = "1e-3", paramLabel = "TOL",
            description = "Stop sampling the trace when stderr <= TOL x |trace|. Default: ${DEFAULT-VALUE}.")
    double traceTolerance;

    @Option(names = "--eigen-tol", defaultValue = "1e-4", paramLabel = "TOL",
            description = "Eigenvalue converged when ||Hx - θx|| <= TOL x |θ|. Default: ${DEFAULT-VALUE}.")
    double eigenTolerance;

    @Option(names = "--eigen-iterations", defaultValue = "200", paramLabel = "M",
            description = "Most Lanczos steps for the extreme eigenvalues. Default: ${DEFAULT-VALUE}.")
    int eigenIterations;

    @Option(names = "--density-bins", defaultValue = "10000", paramLabel = "N",
            description = "Points of the density grid. Default: ${DEFAULT-VALUE}.")
    int densityBins;

    @Option(names = "--eigenvectors",
            description = "Also write the Ritz vectors of the top-k and the most negative eigenvalue to"
                    + " eigenvectors.npz (arrays top1/<parameter> ... topk/<parameter>, min/<parameter>,"
                    + " eigenvalues, residuals), and each vector's inverse participation ratio, overall"
                    + " and per parameter tensor with its mass, to hesd.json.")
    boolean eigenvectors;

    @Option(names = "--shard", paramLabel = "i/n",
            description = "Compute only shard i of n (0-based, e.g. $SLURM_ARRAY_TASK_ID/8) of the pieces (SLQ runs,"
                    + " extreme eigenvalues, trace parts of each Hessian) and write hesd.shard-i-of-n.json; join the"
                    + " shards with 'lla merge', run from the same directory.")
    String shard;

    /** The run, and with --eigenvectors the archive and the vectors' reports (made while the model is open). */
    private record Outcome(HesdRun run, byte[] archive, List<EigenvectorReport> reports, MemoryReport memory) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (eigenvectors && topK < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--eigenvectors needs --top-k of at least 1, got " + topK);
        }
        if (eigenvectors && slq.allOperators) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--eigenvectors takes one operator; run hesd once per --operator to save each one's vectors");
        }
        if (topK < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--top-k must be at least 1, got " + topK);
        }
        HesdConfig config = new HesdConfig(slq.runs, slq.iterations, reorthogonalization, window, topK,
                traceSamples, traceTolerance, eigenTolerance, eigenIterations, slq.scope, model.mode, slq.seed,
                densityBins, 0.01, 1e-5, slq.operator, slq.scaleInvariant, traceMethod, traceSketch);
        List<String> lanes = devices.list(spec);
        if (lanes == null) {
            // Before libtorch loads: an impossible basis is refused in a fraction of a second.
            slq.refuseBeforeEngine(config, eigenvectors, true, model.model, model.device, name -> true);
        }
        Models.preloadEngine();
        Inputs inputs = Inputs.load(data, data.request(), slq.seed);
        Map<String, Object> configMap = configMap(config);
        if (eigenvectors) {
            configMap.put("eigenvectors", true);
        }
        if (!inputs.dataset().classNames().isEmpty()) {
            configMap.put("classes", inputs.dataset().classNames());
        }
        GridShard part = GridShard.parseOrWhole(shard);
        output.checkOutDirectory();
        if (slq.allOperators) {
            if (!part.isWhole()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--shard takes one operator; shard one hesd job per --operator instead of --operator all");
            }
            return HesdAllOperators.run(this, lanes, config, inputs, configMap, out, err);
        }
        // Shards may share one --out: each keeps its own journal and document.
        String stem = part.isWhole() ? "hesd" : "hesd." + part.label();
        JsonJournal<HesdPartial> journal = new JsonJournal<>(output.out.resolve(stem + ".partial.json"),
                slq.resume, HesdPartial.class, HesdPartial::empty, HesdPartial::fingerprint);
        HesdJob[] job = new HesdJob[1];
        String[] fingerprints = new String[1];
        Analysis.Done<Outcome> done;
        Object deviceCosts = null;
        HesdRun.Cost total = null;
        if (lanes == null) {
            done = Analysis.run(model, List.of(), name -> true, inputs, configMap, slq.seed,
                    journal, output.quiet, err, (loaded, progress, fingerprint) -> analyse(loaded, progress,
                            fingerprint, journal, config, inputs, part, job, fingerprints, output.quiet, err));
        } else {
            // Device 1 showed the plan; the pooling pass checks it again with --eigenvectors, quietly.
            HesdDevicePool.Pooled<Outcome> pooled = HesdDevicePool.run(this, lanes, config, config, true, inputs,
                    configMap, journal, part, err, (loaded, progress, fingerprint, lanesJournal) -> analyse(loaded,
                            progress, fingerprint, lanesJournal, config, inputs, part, job, fingerprints, true, err),
                    outcome -> outcome.run().cost());
            done = pooled.done();
            deviceCosts = pooled.devices();
            total = pooled.cost();
        }

        HesdRun run = total == null ? done.value().run() : done.value().run().withCost(total);
        if (!part.isWhole()) {
            output.publish(out, err, stem, HesdShards.document(HesdShards.COMMAND, configMap, done.provenance(), part,
                    fingerprints[0], job[0], ShardArguments.of(spec), run.cost(), deviceCosts), Map.of(),
                    o -> HesdShards.summary(o, part, job[0]));
            journal.delete();
            return ExitCodes.OK;
        }
        HesdResult result = run.result();
        byte[] chart = SpectrumPlot.png((config.scaleInvariant() ? "Scale-invariant " : "")
                + spectrumTitle(config.curvature()) + ": " + model.model.getFileName() + " ("
                + model.mode.name().toLowerCase(Locale.ROOT) + " mode)", result.density(), result.topEigenvalues(),
                result.minEigenvalue());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("hesd.png", chart);
        Object results = result;
        if (eigenvectors) {
            files.put("eigenvectors.npz", done.value().archive());
            results = withEigenvectors(result, done.value().reports());
        }
        output.publish(out, err, "hesd", Document.of("hesd", configMap, done.provenance(), results,
                        DeviceCosts.with(done.value().memory().withCost(run.cost()), deviceCosts)),
                files, o -> HesdSummary.print(o, model.model, inputs.dataset(), config, run));
        journal.delete();
        return ExitCodes.OK;
    }

    /** The analysis on one model: the memory plan, then the job (with --eigenvectors, the vectors on the host). */
    private Outcome analyse(TrainableModel<?> loaded, ProgressListener progress, String fingerprint,
            Journal<HesdPartial> journal, HesdConfig config, Inputs inputs, GridShard part, HesdJob[] job,
            String[] fingerprints, boolean quietPlan, PrintWriter err) {
        // Before the first product, so that a run that cannot fit stops at once.
        MemoryReport memory = MemoryReport.check(config, eigenvectors, true, slq.memoryLimitBytes(),
                loaded, inputs.batches(), quietPlan, err);
        fingerprints[0] = fingerprint;
        job[0] = new HesdJob(config, progress, journal, fingerprint, eigenvectors && part.isWhole())
                .restrictedTo(part);
        HesdRun r = job[0].run(loaded, inputs.batches());
        if (!eigenvectors || !part.isWhole()) {
            return new Outcome(r, null, List.of(), memory);
        }
        List<EigenvectorReport> reports = r.eigenvectors().stream()
                .map(v -> EigenvectorReport.of(v, loaded.parameters())).toList();
        return new Outcome(r, EigenvectorsFile.toBytes(loaded.parameters(), r.eigenvectors()), reports, memory);
    }

    /** The figure's title: "Hessian spectrum" as before, or the operator's own name. */
    static String spectrumTitle(Curvature curvature) {
        return switch (curvature) {
            case HESSIAN -> "Hessian spectrum";
            case GAUSS_NEWTON -> "Gauss-Newton spectrum";
            case NME -> "NME (H - G) spectrum";
        };
    }

    /** The results with an {@code eigenvectors} field after the others (the file's other fields unchanged). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withEigenvectors(HesdResult result, List<EigenvectorReport> reports) {
        Map<String, Object> map = JsonDocuments.mapper().convertValue(result, LinkedHashMap.class);
        map.put("eigenvectors", reports);
        return map;
    }

    private Map<String, Object> configMap(HesdConfig config) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", model.model.toString());
        data.putSourceConfig(map);
        data.putBatchConfig(map);
        model.putRuntimeConfig(map);
        devices.putConfig(map);
        map.put("hessian", slq.scopeName());
        map.put("operator", config.curvature().label());
        map.put("scaleInvariant", config.scaleInvariant());
        map.put("nhes", config.runs());
        map.put("iterations", config.iterations());
        map.put("reorthogonalization", config.reorthogonalizationLabel());
        map.put("topK", config.topK());
        map.put("eigenTolerance", config.eigenTolerance());
        map.put("eigenIterations", config.eigenIterations());
        map.put("traceSamples", config.traceSamples());
        map.put("traceTolerance", config.traceTolerance());
        map.put("traceMethod", config.traceMethod().label());
        if (config.traceMethod() == TraceMethod.HUTCH_PLUS_PLUS) {
            map.put("traceSketch", config.effectiveTraceSketch());
        } else {
            // Each part of this many samples draws its probes from its own seed stream; as part of the
            // fingerprint it keeps a journal of the one-stream traces before them from being resumed.
            map.put("tracePartSamples", HutchinsonTrace.PART_SAMPLES);
        }
        map.put("densityBins", config.densityBins());
        map.put("densityPad", config.densityPad());
        map.put("densityS2", config.densityS2());
        map.put("seed", config.seed());
        return map;
    }

    /** Accepts the trace methods' labels, in any case. */
    static final class TraceMethodConverter implements picocli.CommandLine.ITypeConverter<TraceMethod> {
        @Override
        public TraceMethod convert(String value) {
            TraceMethod method = TraceMethod.byLabel(value);
            if (method == null) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected hutchinson or hutch++, got '" + value + "'");
            }
            return method;
        }
    }
}
