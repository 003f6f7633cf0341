package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.HessianAxes;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapePartial;
import dev.lla.core.landscape.LandscapeSurvey;
import dev.lla.core.landscape.SurveyRegime;
import dev.lla.core.shard.GridShard;
import dev.lla.core.shard.SharedJournal;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.render.Document;
import dev.lla.render.JsonJournal;
import dev.lla.render.SurveyFigure;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code lla landscape --survey}: the 16 regimes of {@link LandscapeSurvey} for one model, written as
 * {@code survey.json}, the explosion table {@code survey.md} ({@link SurveyTable}) and the panel
 * {@code survey.png}. Each regime journals its rows to {@code survey.<regime>.partial.json}, so
 * {@code --resume} continues a killed survey.
 */
final class LandscapeSurveyRun {

    /** Grid intervals per axis when --steps is not given: 16 grids of 21 × 21 points. */
    static final int DEFAULT_STEPS = 20;

    /** Options that the survey sets itself for each regime. */
    private static final List<String> SET_BY_SURVEY = List.of("--axes", "--normalization", "--mode", "--dims",
            "--npy");

    /** The command of a survey's shard documents. */
    static final String SHARD_COMMAND = "survey-shard";

    private final LandscapeCommand c;

    LandscapeSurveyRun(LandscapeCommand command) {
        this.c = command;
    }

    int call() {
        long started = System.nanoTime();
        for (String option : SET_BY_SURVEY) {
            if (c.spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw LlaException.usage("--survey runs every BatchNorm mode, axes and normalization on one 2D grid;"
                        + " drop " + option);
            }
        }
        for (String option : List.of("--operator", "--scale-invariant")) {
            if (c.spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw LlaException.usage("--survey draws the paper's Hessian axes (eigenvectors of H); drop " + option);
            }
        }
        if (c.axesOptions.eigenIterationsProblem() != null) {
            throw LlaException.usage(c.axesOptions.eigenIterationsProblem());
        }
        int eigenIterations = c.axesOptions.eigenIterations();
        if (!c.spec.commandLine().getParseResult().hasMatchedOption("--steps")) {
            c.steps = DEFAULT_STEPS;
        }
        HessianAxes.Pair pair = c.pair();
        if (c.ignore != null && !"bias-bn".equals(c.ignore)) {
            throw LlaException.usage("--ignore takes bias-bn, got " + c.ignore);
        }
        LandscapeConfig base = new LandscapeConfig(2, c.steps, c.dist, c.distribution, DirectionNormalization.FILTER,
                c.normOrder, c.ignore != null, c.explosionFactor, c.seed, ModelMode.EVAL);
        if (c.devices.list(c.spec) == null) {
            // Before libtorch loads: the Hessian regimes' search that cannot fit is refused at once.
            c.axesOptions.refuseBeforeEngine(HessianAxes.Operator.HESSIAN, c.model.model, c.model.device);
        }
        Models.preloadEngine();
        Inputs inputs = c.run.inputs(c.data, c.spec, c.seed);
        Map<String, Object> config = config(base, pair);
        GridShard shard = c.run.shard();
        c.output.checkOutDirectory();
        Map<SurveyRegime, JsonJournal<LandscapePartial>> files = new LinkedHashMap<>();
        Map<SurveyRegime, SharedJournal<LandscapePartial>> journals = new LinkedHashMap<>();
        for (SurveyRegime regime : SurveyRegime.all()) {
            JsonJournal<LandscapePartial> file = new JsonJournal<>(c.output.out.resolve(journalName(regime)),
                    c.resume, LandscapePartial.class, LandscapePartial::empty, LandscapePartial::fingerprint);
            files.put(regime, file);
            journals.put(regime, new SharedJournal<>(file, LandscapePartial::union, LandscapePartial::fingerprint));
        }
        PrintWriter out = c.spec.commandLine().getOut();
        PrintWriter err = c.spec.commandLine().getErr();
        String[] fingerprints = new String[1];
        Analysis.Work<List<LandscapeSurvey.Entry>> whole = (loaded, progress, fingerprint) -> {
            fingerprints[0] = fingerprint;
            return new LandscapeSurvey(base, pair, progress, r -> journals.get(r).whole(), fingerprint)
                    .searching(eigenIterations, c.axesOptions.memoryLimitBytes()).restrictedTo(shard)
                    .run(loaded, inputs.batches());
        };
        List<String> lanes = c.devices.list(c.spec);
        Analysis.Done<List<LandscapeSurvey.Entry>> done;
        Object deviceCosts = null;
        if (lanes == null) {
            done = Analysis.run(c.model, List.of(), name -> true, inputs, config, c.seed,
                    files.values().iterator().next(), c.output.quiet, err, whole);
        } else {
            // The regimes are the pieces: each device takes whole regimes, in order.
            c.model.noteOnStderr(err, c.output.quiet);
            Analysis.DevicesDone<List<LandscapeSurvey.Entry>, Object> ran = Analysis.onDevices(lanes, c.model.model, c.model.output,
                    List.of(), name -> true, c.model.loss, inputs, config, c.seed, files.values().iterator().next(),
                    c.output.quiet, err, shard, SurveyRegime.all().size(), (loaded, fingerprint, regimes, lane) -> {
                        new LandscapeSurvey(base, pair, dev.lla.core.progress.ProgressListener.NONE,
                                r -> journals.get(r).lane(lane), fingerprint)
                                .searching(eigenIterations, c.axesOptions.memoryLimitBytes()).restrictedTo(regimes)
                                .run(loaded, inputs.batches());
                        return null;
                    }, whole);
            done = ran.done();
            deviceCosts = DeviceCosts.json(ran.lanes(), o -> 0, o -> 0);
        }
        if (!shard.isWhole()) {
            publishShard(out, err, shard, config, done, fingerprints[0], journals, (System.nanoTime() - started) / 1e9,
                    deviceCosts);
            files.forEach((regime, file) -> {
                if (shard.owns(SurveyRegime.all().indexOf(regime))) {
                    file.delete();
                }
            });
            return ExitCodes.OK;
        }
        List<LandscapeSurvey.Entry> entries = done.value();
        String modelName = c.model.model.getFileName().toString();
        SurveyTable table = new SurveyTable(entries, c.explosionFactor);
        String markdown = table.markdown(modelName, c.steps, c.dist, entries.get(0).result().samples(), c.seed);
        Map<String, byte[]> pictures = new LinkedHashMap<>();
        pictures.put("survey.md", markdown.getBytes(StandardCharsets.UTF_8));
        pictures.put("survey.png", picture(modelName, entries));
        c.output.publish(out, err, "survey", Document.of("landscape-survey", config, done.provenance(),
                table.results(), DeviceCosts.with(null, deviceCosts)), pictures, o -> o.print(markdown));
        files.values().forEach(JsonJournal::delete);
        return ExitCodes.OK;
    }

    /** Where {@code regime}'s finished rows are journaled. */
    static String journalName(SurveyRegime regime) {
        return "survey." + regime.label() + ".partial.json";
    }

    /**
     * survey.shard-i-of-n.json: the regimes of this shard (pieces named by their labels) with their
     * rows, {@code partial} mapping each regime's label to its journal record.
     */
    private void publishShard(PrintWriter out, PrintWriter err, GridShard shard, Map<String, Object> config,
            Analysis.Done<List<LandscapeSurvey.Entry>> done, String fingerprint,
            Map<SurveyRegime, SharedJournal<LandscapePartial>> journals, double seconds, Object deviceCosts) {
        List<String> all = SurveyRegime.all().stream().map(SurveyRegime::label).toList();
        Map<String, LandscapePartial> partial = new LinkedHashMap<>();
        for (LandscapeSurvey.Entry e : done.value()) {
            String label = e.regime().label();
            partial.put(label, journals.get(e.regime()).union(fingerprint + "/" + label));
        }
        List<String> own = List.copyOf(partial.keySet());
        String stem = "survey." + shard.label();
        c.output.publish(out, err, stem, HesdShards.document(SHARD_COMMAND, config, done.provenance(), shard,
                fingerprint, own, all, partial, ShardArguments.of(c.spec), new dev.lla.core.hesd.HesdRun.Cost(0, 0, seconds), deviceCosts),
                Map.of(), o -> o.printf(java.util.Locale.ROOT, "survey shard %s: %d of %d regimes; join all %d shards"
                        + " with 'lla merge'%n", shard, own.size(), all.size(), shard.count()));
    }

    /** Rows: normalizations; columns: train random, train hessian, eval random, eval hessian. */
    private byte[] picture(String modelName, List<LandscapeSurvey.Entry> entries) {
        int rows = SurveyRegime.NORMALIZATIONS.size();
        List<SurveyFigure.Panel> panels = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < 4; column++) {
                LandscapeSurvey.Entry e = entries.get(column * rows + row);
                SurveyRegime r = e.regime();
                String title = r.modeLabel() + " · " + r.axesLabel() + " · " + r.normalization().label() + ": "
                        + (e.result().explosion().detected()
                                ? SurveyTable.percent(e.result().explosion().fraction()) + " exploded" : "no explosion");
                panels.add(new SurveyFigure.Panel(title, e.result().loss()));
            }
        }
        var first = entries.get(0).result();
        return SurveyFigure.png("Value-explosion survey: " + modelName + " (rows: normalization; columns: BN mode · axes)",
                first.x(), first.y(), panels, 4, c.lossCap);
    }

    private Map<String, Object> config(LandscapeConfig base, HessianAxes.Pair pair) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", c.model.model.toString());
        map.put("data", c.data.data.toString());
        map.put("labels", c.data.labels == null ? null : c.data.labels.toString());
        map.put("split", c.data.split.label());
        c.data.putBatchConfig(map);
        // As ModelOptions.putRuntimeConfig, but without a mode: the survey runs both.
        map.put("loss", c.model.loss.label());
        map.put("device", c.model.device);
        c.devices.putConfig(map);
        map.put("survey", "mode {train, eval} x axes {random, hessian} x normalization {weight, filter, layer, model}");
        map.put("dims", 2);
        map.put("steps", base.steps());
        map.put("dist", base.dist());
        map.put("hessianPair", pair.label());
        map.put("eigenIterations", c.axesOptions.eigenIterations());
        map.put("randomDist", base.distribution().label());
        map.put("normOrder", base.normOrder());
        map.put("ignore", base.ignoreBiasBn() ? "bias-bn" : null);
        map.put("explosionFactor", base.explosionFactor());
        map.put("seed", base.seed());
        map.put("lossCap", c.lossCap);
        c.run.putConfig(map);
        return map;
    }
}
