package dev.lla.cli;

import dev.lla.core.criteria.CriteriaComparison;
import dev.lla.core.criteria.CriteriaConfig;
import dev.lla.core.criteria.CriteriaJob;
import dev.lla.core.criteria.CriteriaResult;
import dev.lla.core.criteria.CriteriaSummary;
import dev.lla.core.data.DataRequest;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.model.ModelFit;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.provenance.FileDigest;
import dev.lla.core.provenance.Provenance;
import dev.lla.render.AtomicFiles;
import dev.lla.render.CriteriaPlot;
import dev.lla.render.Document;
import dev.lla.render.JsonDocuments;
import dev.lla.render.JsonHesdJournal;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lla criteria}: the paper's Hessian criteria re, KH_n and Ct, with their spread. */
@Command(
        name = "criteria",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "Hessian criteria of Gabdullin (2024): re = |min θ / max θ|, KH_n = Σ_{θ<0}(|θ|τ)^n /"
                    + " Σ_{θ>0}(θτ)^n and Ct = min θ / max θ, on the SLQ nodes θ and weights τ of every"
                    + " batch × run, with mean, std, min and max. KH05 (n = 0.5) is the paper's main"
                    + " criterion: its change between datasets tracks the change in accuracy.",
            "With --compare-model or --compare-data, the criteria of A and B side by side.",
            "Writes criteria.json and criteria.png to --out."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:runtime, I/O or model/data error",
            "2:usage error (invalid or contradictory options)",
            "3:numerical failure (non-finite loss)",
            "130:interrupted"
        })
final class CriteriaCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Option(names = "--nhes", defaultValue = "10", paramLabel = "N",
            description = "SLQ runs per batch. Default: ${DEFAULT-VALUE} (the paper: --batches 4 --nhes 10).")
    int runs;

    @Option(names = "--iterations", defaultValue = "100", paramLabel = "M",
            description = "Lanczos steps per run; KH05 is defined on the quadrature nodes, so it depends"
                    + " on M (docs/criteria.md). Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--kh-n", defaultValue = "0.5,1", split = ",", paramLabel = "N",
            description = "Exponents n of KH_n. Default: ${DEFAULT-VALUE}.")
    List<Double> exponents;

    @Option(names = "--hessian", defaultValue = "per-batch", paramLabel = "per-batch|mean",
            converter = HesdCommand.ScopeConverter.class,
            description = "per-batch: criteria of each batch's Hessian (the paper); mean: of the mean"
                    + " Hessian over the batches. Default: ${DEFAULT-VALUE}.")
    HessianScope scope;

    @Option(names = "--params", paramLabel = "REGEX",
            description = "Restrict the Hessian to parameter tensors whose names contain a match of"
                    + " REGEX (a diagonal block, e.g. 'conv2\\.' or 'fc3\\.weight'); the others stay fixed.")
    String params;

    @Option(names = "--compare-model", paramLabel = "FILE",
            description = "Compare with a second model (B) on the same batches, e.g. its random init.")
    Path compareModel;

    @Option(names = "--compare-data", paramLabel = "PATH",
            description = "Compare with the same model on a second dataset (B).")
    Path compareData;

    @Option(names = "--compare-split", paramLabel = "train|test",
            description = "Split of --compare-data. Default: the --split of A.")
    dev.lla.core.data.Split compareSplit;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of batches and start vectors. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume",
            description = "Reuse SLQ runs that an interrupted run with the same inputs and options saved in --out.")
    boolean resume;

    @Override
    public Integer call() {
        if (compareModel != null && compareData != null) {
            throw new ParameterException(spec.commandLine(),
                    "--compare-model and --compare-data exclude each other: compare two models on one"
                            + " dataset, or one model on two datasets");
        }
        if (compareSplit != null && compareData == null) {
            throw new ParameterException(spec.commandLine(), "--compare-split needs --compare-data");
        }
        CriteriaConfig config = new CriteriaConfig(runs, iterations, exponents, scope, model.mode, seed);
        Predicate<String> include = parameterFilter();
        output.checkOutDirectory();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String startedAt = java.time.Instant.now().toString();

        Side a = new Side("A", model.model, data.data, data.request());
        Side b = compareModel != null
                ? new Side("B", compareModel, data.data, data.request())
                : compareData != null
                        ? new Side("B", model.model, compareData, compareRequest())
                        : null;
        Evaluated resultA = evaluate(a, config, include, startedAt, "criteria.partial.json", err);
        Evaluated resultB = b == null ? null : evaluate(b, config, include, startedAt, "criteria-b.partial.json", err);

        Map<String, Object> configMap = configMap(a, b);
        Document document;
        byte[] chart;
        String title = "Hessian criteria: ";
        if (resultB == null) {
            document = Document.of("criteria", configMap, resultA.provenance, results(resultA.outcome.result()),
                    resultA.outcome.cost());
            chart = CriteriaPlot.png(title + a.describe(), resultA.outcome.result().criteria());
        } else {
            CriteriaComparison comparison = CriteriaComparison.of(
                    resultA.outcome.result().criteria(), resultB.outcome.result().criteria());
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("a", side(a, resultA));
            results.put("b", side(b, resultB));
            results.put("comparison", comparison.rows());
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("a", resultA.outcome.cost());
            cost.put("b", resultB.outcome.cost());
            document = Document.of("criteria", configMap, resultA.provenance, results, cost);
            chart = CriteriaPlot.png(title + a.describe() + " vs " + b.describe(), a.describe(),
                    resultA.outcome.result().criteria(), b.describe(),
                    resultB.outcome.result().criteria(), comparison);
        }
        String jsonText = JsonDocuments.toJson(document);
        Path json = output.out.resolve("criteria.json");
        Path png = output.out.resolve("criteria.png");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(json, jsonText.getBytes(StandardCharsets.UTF_8));
        files.put(png, chart);
        AtomicFiles.writeAll(files);
        resultA.journal.delete();
        if (resultB != null) {
            resultB.journal.delete();
        }
        if (output.json) {
            out.print(jsonText);
        } else if (resultB == null) {
            CriteriaTable.print(out, a.describe(), resultA.outcome.result());
        } else {
            CriteriaTable.printComparison(out, "A: " + a.describe(), "B: " + b.describe(),
                    CriteriaComparison.of(resultA.outcome.result().criteria(), resultB.outcome.result().criteria()));
        }
        out.flush();
        if (!output.quiet) {
            err.println("wrote " + json + " and " + png);
        }
        return ExitCodes.OK;
    }

    /** One side of an analysis: a model on a dataset. */
    private record Side(String name, Path model, Path data, DataRequest request) {
        String describe() {
            return model.getFileName() + " on " + data.getFileName();
        }
    }

    private record Evaluated(CriteriaJob.Outcome outcome, Provenance provenance, JsonHesdJournal journal) {}

    private Evaluated evaluate(Side side, CriteriaConfig config, Predicate<String> include, String startedAt,
            String journalName, PrintWriter err) {
        Inputs inputs = Inputs.load(data, side.request(), seed);
        ProgressListener progress = StderrProgress.forStderr(err, output.quiet);
        JsonHesdJournal journal = new JsonHesdJournal(output.out.resolve(journalName), resume);
        try (TrainableModel<?> loaded = Models.open(side.model(), model.device, include)) {
            ModelFit.check(loaded, inputs.dataset());
            List<FileDigest> modelFiles = List.of(FileDigest.of(side.model()));
            List<FileDigest> dataFiles = inputs.digests();
            String fingerprint = Fingerprint.of(configMap(side, null), modelFiles, dataFiles, inputs.plan());
            CriteriaJob.Outcome outcome =
                    new CriteriaJob(config, progress, journal, fingerprint).run(loaded, inputs.batches());
            return new Evaluated(outcome, Provenances.of(loaded, modelFiles, dataFiles, seed, startedAt), journal);
        } finally {
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }
    }

    private Predicate<String> parameterFilter() {
        if (params == null) {
            return name -> true;
        }
        try {
            Pattern pattern = Pattern.compile(params);
            return name -> pattern.matcher(name).find();
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(),
                    "--params " + params + ": not a regular expression (" + e.getDescription() + ")");
        }
    }

    private DataRequest compareRequest() {
        DataRequest request = data.request();
        return new DataRequest(compareData, null, compareSplit != null ? compareSplit : data.split,
                request.normalization(), request.xArray(), request.yArray());
    }

    /** The criteria in the JSON layout documented in the README: results.re, results.kh["0.5"], … */
    private static Map<String, Object> results(CriteriaResult result) {
        CriteriaSummary c = result.criteria();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("re", c.re());
        map.put("kh", c.kh());
        map.put("ct", c.ct());
        map.put("spectrumType", c.spectrumType());
        map.put("spectrumTypes", c.spectrumTypes());
        map.put("runs", c.runs());
        map.put("batches", result.batches());
        return map;
    }

    private static Map<String, Object> side(Side side, Evaluated evaluated) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", side.model().toString());
        map.put("data", side.data().toString());
        map.put("split", side.request().split().label());
        map.putAll(results(evaluated.outcome.result()));
        map.put("provenance", evaluated.provenance);
        return map;
    }

    private Map<String, Object> configMap(Side a, Side b) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", a.model().toString());
        map.put("data", a.data().toString());
        map.put("split", a.request().split().label());
        if (b != null) {
            map.put("compareModel", b.model().toString());
            map.put("compareData", b.data().toString());
            map.put("compareSplit", b.request().split().label());
        }
        map.put("labels", data.labels == null ? null : data.labels.toString());
        map.put("batchSize", data.batchSize);
        map.put("batches", data.batches);
        map.put("sampling", data.sequential ? "sequential" : "random");
        map.put("normalize", data.normalize);
        map.put("mode", model.mode.name().toLowerCase(Locale.ROOT));
        map.put("device", model.device);
        map.put("hessian", scope == HessianScope.MEAN ? "mean" : "per-batch");
        map.put("params", params);
        map.put("nhes", runs);
        map.put("iterations", iterations);
        map.put("khN", exponents);
        map.put("seed", seed);
        return map;
    }
}
