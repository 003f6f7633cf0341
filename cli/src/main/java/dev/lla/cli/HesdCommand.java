package dev.lla.cli;

import dev.lla.core.data.Batch;
import dev.lla.core.data.Dataset;
import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdConfig.Reorthogonalization;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.hesd.HesdResult;
import dev.lla.core.hesd.HesdRun;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.model.ModelFit;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.provenance.FileDigest;
import dev.lla.core.provenance.Provenance;
import dev.lla.render.AtomicFiles;
import dev.lla.render.Document;
import dev.lla.render.JsonDocuments;
import dev.lla.render.JsonHesdJournal;
import dev.lla.render.SpectrumPlot;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
                    + " products of the mean cross-entropy loss.",
            "Writes hesd.json and hesd.png to --out."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:runtime, I/O or model/data error",
            "2:usage error (invalid or contradictory options)",
            "3:numerical failure (non-finite loss, non-convergence)",
            "130:interrupted"
        })
final class HesdCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Option(names = "--nhes", defaultValue = "10", paramLabel = "N",
            description = "SLQ runs (random start vectors) per Hessian. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--iterations", defaultValue = "100", paramLabel = "M",
            description = "Lanczos steps per SLQ run. Default: ${DEFAULT-VALUE}.")
    int iterations;

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
            description = "Most Hutchinson samples for the trace; 0 skips it. Default: ${DEFAULT-VALUE}.")
    int traceSamples;

    @Option(names = "--trace-tol", defaultValue = "1e-3", paramLabel = "TOL",
            description = "Stop sampling the trace when stderr <= TOL x |trace|. Default: ${DEFAULT-VALUE}.")
    double traceTolerance;

    @Option(names = "--eigen-tol", defaultValue = "1e-4", paramLabel = "TOL",
            description = "Eigenvalue converged when ||Hx - θx|| <= TOL x |θ|. Default: ${DEFAULT-VALUE}.")
    double eigenTolerance;

    @Option(names = "--eigen-iterations", defaultValue = "200", paramLabel = "M",
            description = "Most Lanczos steps for the extreme eigenvalues. Default: ${DEFAULT-VALUE}.")
    int eigenIterations;

    @Option(names = "--hessian", defaultValue = "per-batch", paramLabel = "per-batch|mean",
            converter = ScopeConverter.class,
            description = "per-batch: analyse each batch's Hessian and pool the results (the paper);"
                    + " mean: the sample-weighted mean Hessian over all batches (PyHessian)."
                    + " Default: ${DEFAULT-VALUE}.")
    HessianScope scope;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of batches and start vectors; same seed, same numbers. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume",
            description = "Reuse the finished pieces (SLQ runs, eigenvalues, traces) that an interrupted"
                    + " run with the same inputs and options saved in --out, and compute the rest.")
    boolean resume;

    @Option(names = "--density-bins", defaultValue = "10000", paramLabel = "N",
            description = "Points of the density grid. Default: ${DEFAULT-VALUE}.")
    int densityBins;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (topK < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--top-k must be at least 1, got " + topK);
        }
        HesdConfig config = new HesdConfig(runs, iterations, reorthogonalization, window, topK, traceSamples,
                traceTolerance, eigenTolerance, eigenIterations, scope, model.mode, seed, densityBins, 0.01, 1e-5);
        String startedAt = java.time.Instant.now().toString();

        Inputs inputs = Inputs.load(data, data.request(), seed);
        Dataset dataset = inputs.dataset();
        List<Batch> batches = inputs.batches();

        Map<String, Object> configMap = configMap(config);
        output.checkOutDirectory();
        ProgressListener progress = StderrProgress.forStderr(err, output.quiet);
        HesdRun run;
        Provenance provenance;
        JsonHesdJournal journal = new JsonHesdJournal(output.out.resolve("hesd.partial.json"), resume);
        try (TrainableModel<?> loaded = Models.open(model.model, model.device)) {
            ModelFit.check(loaded, dataset);
            List<FileDigest> modelFiles = List.of(FileDigest.of(model.model));
            List<FileDigest> dataFiles = inputs.digests();
            String fingerprint = Fingerprint.of(configMap, modelFiles, dataFiles, inputs.plan());
            run = new HesdJob(config, progress, journal, fingerprint).run(loaded, batches);
            provenance = Provenances.of(loaded, modelFiles, dataFiles, seed, startedAt);
        } finally {
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }

        HesdResult result = run.result();
        Document document = Document.of("hesd", configMap, provenance, result, run.cost());
        String jsonText = JsonDocuments.toJson(document);
        byte[] chart = SpectrumPlot.png("Hessian spectrum: " + model.model.getFileName() + " ("
                + model.mode.name().toLowerCase() + " mode)", result.density(), result.topEigenvalues(),
                result.minEigenvalue());
        Path json = output.out.resolve("hesd.json");
        Path png = output.out.resolve("hesd.png");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(json, jsonText.getBytes(StandardCharsets.UTF_8));
        files.put(png, chart);
        AtomicFiles.writeAll(files);
        journal.delete();
        if (output.json) {
            out.print(jsonText);
        } else {
            HesdSummary.print(out, model.model, dataset, config, run);
        }
        out.flush();
        if (!output.quiet) {
            err.println("wrote " + json + " and " + png);
        }
        return ExitCodes.OK;
    }

    private Map<String, Object> configMap(HesdConfig config) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", model.model.toString());
        map.put("data", data.data.toString());
        map.put("labels", data.labels == null ? null : data.labels.toString());
        map.put("split", data.split.label());
        map.put("batchSize", data.batchSize);
        map.put("batches", data.batches);
        map.put("sampling", data.sequential ? "sequential" : "random");
        map.put("normalize", data.normalize);
        map.put("mode", model.mode.name().toLowerCase());
        map.put("device", model.device);
        map.put("hessian", config.scope() == HessianScope.MEAN ? "mean" : "per-batch");
        map.put("loss", "cross-entropy (mean over the batch)");
        map.put("nhes", config.runs());
        map.put("iterations", config.iterations());
        map.put("reorthogonalization", config.reorthogonalizationLabel());
        map.put("topK", config.topK());
        map.put("eigenTolerance", config.eigenTolerance());
        map.put("eigenIterations", config.eigenIterations());
        map.put("traceSamples", config.traceSamples());
        map.put("traceTolerance", config.traceTolerance());
        map.put("densityBins", config.densityBins());
        map.put("densityPad", config.densityPad());
        map.put("densityS2", config.densityS2());
        map.put("seed", config.seed());
        return map;
    }

    /** Accepts per-batch and mean (any case). */
    static final class ScopeConverter implements picocli.CommandLine.ITypeConverter<HessianScope> {
        @Override
        public HessianScope convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "per-batch", "batch", "per_batch" -> HessianScope.PER_BATCH;
                case "mean" -> HessianScope.MEAN;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "expected per-batch or mean, got '" + value + "'");
            };
        }
    }
}
