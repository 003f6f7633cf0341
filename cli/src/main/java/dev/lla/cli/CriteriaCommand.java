package dev.lla.cli;

import dev.lla.core.criteria.CriteriaComparison;
import dev.lla.core.criteria.CriteriaConfig;
import dev.lla.core.criteria.CriteriaJob;
import dev.lla.core.criteria.CriteriaResult;
import dev.lla.core.criteria.CriteriaSummary;
import dev.lla.core.data.DataRequest;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.hesd.HesdRun;
import dev.lla.core.journal.Journal;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.shard.SharedJournal;
import dev.lla.core.provenance.Provenance;
import dev.lla.render.CriteriaPlot;
import dev.lla.render.Document;
import dev.lla.render.JsonJournal;
import dev.lla.core.shard.GridShard;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
                    + " criterion: the paper finds that its change between datasets tracks the change in accuracy"
                    + " (lla generalize tests this).",
            "With --compare-model or --compare-data, the criteria of A and B side by side.",
            "Writes criteria.json and criteria.png to --out."
        })
final class CriteriaCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;
    @Mixin SlqOptions slq;
    @Mixin DeviceListOptions devices;

    @Option(names = "--kh-n", defaultValue = "0.5,1", split = ",", paramLabel = "N",
            description = "Exponents n of KH_n. Default: ${DEFAULT-VALUE}.")
    List<Double> exponents;

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

    @Option(names = "--shard", paramLabel = "i/n",
            description = "Compute only shard i of n (0-based, e.g. $SLURM_ARRAY_TASK_ID/8) of the SLQ runs and write"
                    + " criteria.shard-i-of-n.json; join the shards with 'lla merge', run from the same directory."
                    + " Not with --compare-model or --compare-data.")
    String shard;

    @Override
    public Integer call() {
        slq.refuseAllOperators("criteria");
        GridShard part = GridShard.parseOrWhole(shard);
        if (!part.isWhole() && (compareModel != null || compareData != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--shard does not split a comparison (--compare-model, --compare-data); shard each side on its own");
        }
        if (compareModel != null && compareData != null) {
            throw new ParameterException(spec.commandLine(),
                    "--compare-model and --compare-data exclude each other: compare two models on one"
                            + " dataset, or one model on two datasets");
        }
        if (compareSplit != null && compareData == null) {
            throw new ParameterException(spec.commandLine(), "--compare-split needs --compare-data");
        }
        CriteriaConfig config =
                new CriteriaConfig(slq.runs, slq.iterations, exponents, slq.scope, model.mode, slq.seed, slq.operator,
                slq.scaleInvariant);
        Predicate<String> include = parameterFilter();
        if (devices.list(spec) == null) {
            // Before libtorch loads (Main leaves criteria's load to here): an impossible basis is
            // refused in a fraction of a second, for each model the command will open.
            for (Path side : compareModel == null ? List.of(model.model) : List.of(model.model, compareModel)) {
                slq.refuseBeforeEngine(config.spectralAnalysis(), false, false, side, model.device, include);
            }
        }
        Models.preloadEngine();
        output.checkOutDirectory();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        String stem = part.isWhole() ? "criteria" : "criteria." + part.label();
        Side a = new Side(model.model, data.data, data.request(), stem + ".partial.json");
        Side b = compareModel != null
                ? new Side(compareModel, data.data, data.request(), "criteria-b.partial.json")
                : compareData != null
                        ? new Side(model.model, compareData, compareRequest(), "criteria-b.partial.json")
                        : null;
        Evaluated resultA = evaluate(a, config, include, err, part);
        if (!part.isWhole()) {
            Planned planned = resultA.planned();
            output.publish(out, err, stem, HesdShards.document(HesdShards.CRITERIA, configMap(a, null),
                    resultA.provenance(), part, planned.fingerprint(), planned.job().analysis(),
                    ShardArguments.of(spec),
                    planned.outcome().cost(), resultA.devices()), Map.of(), o -> HesdShards.summary(o, "criteria", part,
                    planned.job().analysis()));
            resultA.journal().delete();
            return ExitCodes.OK;
        }
        Evaluated resultB = b == null ? null : evaluate(b, config, include, err, GridShard.ALL);

        Map<String, Object> configMap = configMap(a, b);
        if (!resultA.classes().isEmpty()) {
            configMap.put("classes", resultA.classes());
        }
        String title = "Hessian criteria: " + a.describe();
        if (resultB == null) {
            CriteriaResult result = resultA.outcome().result();
            Document document = Document.of("criteria", configMap, resultA.provenance(), results(result),
                    DeviceCosts.with(resultA.memory().withCost(resultA.outcome().cost()), resultA.devices()));
            output.publish(out, err, "criteria", document, Map.of("criteria.png", CriteriaPlot.png(title, result.criteria())),
                    o -> CriteriaTable.print(o, a.describe(), result));
        } else {
            CriteriaSummary criteriaA = resultA.outcome().result().criteria();
            CriteriaSummary criteriaB = resultB.outcome().result().criteria();
            CriteriaComparison comparison = CriteriaComparison.of(criteriaA, criteriaB);
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("a", side(a, resultA));
            results.put("b", side(b, resultB));
            results.put("comparison", comparison.rows());
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("a", DeviceCosts.with(resultA.memory().withCost(resultA.outcome().cost()), resultA.devices()));
            cost.put("b", DeviceCosts.with(resultB.memory().withCost(resultB.outcome().cost()), resultB.devices()));
            Document document = Document.of("criteria", configMap, resultA.provenance(), results, cost);
            byte[] chart = CriteriaPlot.png(title + " vs " + b.describe(), a.describe(), criteriaA, b.describe(),
                    criteriaB, comparison);
            output.publish(out, err, "criteria", document, Map.of("criteria.png", chart),
                    o -> CriteriaTable.printComparison(o, "A: " + a.describe(), "B: " + b.describe(), comparison));
        }
        resultA.journal().delete();
        if (resultB != null) {
            resultB.journal().delete();
        }
        return ExitCodes.OK;
    }

    /** --output names an output of --model; a compared model is taken with its only output. */
    private String outputFor(Side side) {
        return side.model().equals(model.model) ? model.output : null;
    }

    /** One side of an analysis: a model on a dataset, journaled in its own file. */
    private record Side(Path model, Path data, DataRequest request, String journalName) {
        String describe() {
            return model.getFileName() + " on " + data.getFileName();
        }
    }

    /**
     * @param classes the dataset's class names, empty when it names none
     * @param devices with --devices, what each device spent (else null)
     */
    private record Evaluated(CriteriaJob.Outcome outcome, Provenance provenance, JsonJournal<HesdPartial> journal,
            List<String> classes, MemoryReport memory, Planned planned, Object devices) {}

    /** The job's outcome and its memory plan, checked before the first product; the job and its fingerprint. */
    private record Planned(CriteriaJob.Outcome outcome, MemoryReport memory, CriteriaJob job, String fingerprint) {}

    private Evaluated evaluate(Side side, CriteriaConfig config, Predicate<String> include, PrintWriter err,
            GridShard part) {
        Inputs inputs = Inputs.load(data, side.request(), slq.seed);
        JsonJournal<HesdPartial> journal = new JsonJournal<>(output.out.resolve(side.journalName()), slq.resume,
                HesdPartial.class, HesdPartial::empty, HesdPartial::fingerprint);
        if (side.model().equals(model.model)) {
            model.noteOnStderr(err, output.quiet);
        }
        List<String> lanes = devices.list(spec);
        if (lanes == null) {
            Analysis.Done<Planned> done = Analysis.run(side.model(), outputFor(side), List.of(), model.device, include, model.loss, inputs,
                    configMap(side, null), slq.seed, journal, output.quiet, err,
                    (loaded, progress, fingerprint) -> plan(loaded, progress, fingerprint, journal, config, inputs,
                            part, output.quiet, err));
            return new Evaluated(done.value().outcome(), done.provenance(), journal, inputs.dataset().classNames(),
                    done.value().memory(), done.value(), null);
        }
        SharedJournal<HesdPartial> shared = new SharedJournal<>(journal, HesdPartial::union, HesdPartial::fingerprint);
        Analysis.DevicesDone<Planned, HesdRun.Cost> ran = Analysis.onDevices(lanes, side.model(), outputFor(side), List.of(), include,
                model.loss, inputs, configMap(side, null), slq.seed, journal, output.quiet, err, part,
                HesdJob.pieceCount(config.spectralAnalysis(), inputs.batches().size()),
                (loaded, fingerprint, pieces, lane) -> {
                    MemoryReport.check(config.spectralAnalysis(), false, false, slq.memoryLimitBytes(), loaded,
                            inputs.batches(), output.quiet || lane > 0, err);
                    return new CriteriaJob(config, ProgressListener.NONE, shared.lane(lane), fingerprint)
                            .restrictedTo(pieces).run(loaded, inputs.batches()).cost();
                }, (loaded, progress, fingerprint) -> plan(loaded, progress, fingerprint, shared.whole(), config,
                        inputs, part, true, err)); // the plan was shown by device 1
        Planned planned = ran.value();
        CriteriaJob.Outcome outcome = new CriteriaJob.Outcome(planned.outcome().result(),
                DeviceCosts.total(ran.lanes(), planned.outcome().cost(), ran.wallSeconds()));
        return new Evaluated(outcome, ran.provenance(), journal, inputs.dataset().classNames(), planned.memory(),
                new Planned(outcome, planned.memory(), planned.job(), planned.fingerprint()),
                DeviceCosts.json(ran.lanes(), HesdRun.Cost::hvps, HesdRun.Cost::hvpSeconds));
    }

    /** The memory plan (before the first product), then the job on one model. */
    private Planned plan(TrainableModel<?> loaded, ProgressListener progress, String fingerprint,
            Journal<HesdPartial> journal, CriteriaConfig config, Inputs inputs, GridShard part, boolean quietPlan,
            PrintWriter err) {
        MemoryReport memory = MemoryReport.check(config.spectralAnalysis(), false, false, slq.memoryLimitBytes(),
                loaded, inputs.batches(), quietPlan, err);
        CriteriaJob job = new CriteriaJob(config, progress, journal, fingerprint).restrictedTo(part);
        return new Planned(job.run(loaded, inputs.batches()), memory, job, fingerprint);
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
        return data.request().withData(compareData, compareSplit != null ? compareSplit : data.split);
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
        if (!evaluated.classes().isEmpty()) {
            map.put("classes", evaluated.classes());
        }
        map.putAll(results(evaluated.outcome().result()));
        map.put("provenance", evaluated.provenance());
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
        data.putBatchConfig(map);
        model.putRuntimeConfig(map);
        devices.putConfig(map);
        map.put("hessian", slq.scopeName());
        map.put("operator", slq.operator.label());
        map.put("scaleInvariant", slq.scaleInvariant);
        map.put("params", params);
        map.put("nhes", slq.runs);
        map.put("iterations", slq.iterations);
        map.put("khN", exponents);
        map.put("seed", slq.seed);
        return map;
    }
}
