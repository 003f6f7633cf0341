package dev.lla.cli;

import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.hesd.HesdPartial;
import dev.lla.core.hesd.HesdResult;
import dev.lla.core.hesd.HesdRun;
import dev.lla.core.model.Curvature;
import dev.lla.core.provenance.Provenance;
import dev.lla.core.shard.GridShard;
import dev.lla.render.Document;
import dev.lla.render.JsonJournal;
import dev.lla.render.SpectrumOverlayPlot;
import dev.lla.render.SpectrumPlot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code lla hesd --operator all}: the same job for H, G and NME on one loaded model and the same
 * batches and seeds, each operator with its own journal (so {@code --resume} reuses every
 * finished piece), and one figure that overlays the three densities.
 */
final class HesdAllOperators {

    private static final List<Curvature> ORDER = List.of(Curvature.HESSIAN, Curvature.GAUSS_NEWTON, Curvature.NME);

    private HesdAllOperators() {}

    /**
     * The runs of the three operators, in {@link #ORDER}, the memory plan made before them, and
     * with --devices each operator's cost.devices (else empty).
     */
    private record Outcome(Map<Curvature, HesdRun> runs, MemoryReport memory, Map<Curvature, Object> devices) {}

    /** One operator's run on a device pool, and the plan its pooling pass checked. */
    private record Pooled(HesdRun run, MemoryReport memory) {}

    /**
     * Runs the three operators, on one device, or with {@code lanes} (--devices, else null) each
     * operator's job on the device pool in turn, and writes hesd.json and the figures.
     */
    static int run(HesdCommand command, List<String> lanes, HesdConfig config, Inputs inputs,
            Map<String, Object> configMap, PrintWriter out, PrintWriter err) {
        ModelOptions model = command.model;
        OutputOptions output = command.output;
        configMap.put("operator", "all");
        Map<Curvature, JsonJournal<HesdPartial>> journals = new EnumMap<>(Curvature.class);
        for (Curvature c : ORDER) {
            journals.put(c, new JsonJournal<>(output.out.resolve("hesd." + c.label() + ".partial.json"),
                    command.slq.resume, HesdPartial.class, HesdPartial::empty, HesdPartial::fingerprint));
        }
        // NME holds both graphs, so its plan bounds the other two.
        HesdConfig plan = config.withCurvature(Curvature.NME);
        Analysis.Done<Outcome> done = lanes == null
                ? onOneDevice(command, config, plan, inputs, configMap, journals, err)
                : onDevices(command, lanes, config, plan, inputs, configMap, journals, err);

        Map<Curvature, HesdRun> runs = done.value().runs();
        String mode = model.mode.name().toLowerCase(Locale.ROOT);
        String prefix = config.scaleInvariant() ? "Scale-invariant " : "";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("hesd.png", SpectrumOverlayPlot.png(prefix + "H, G and NME spectra: " + model.model.getFileName()
                + " (" + mode + " mode)", curves(runs)));
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> costs = new LinkedHashMap<>();
        long hvps = 0;
        double hvpSeconds = 0;
        double wallSeconds = 0;
        for (Curvature c : ORDER) {
            HesdResult r = runs.get(c).result();
            results.put(c.label(), r);
            files.put("hesd-" + c.label() + ".png", SpectrumPlot.png(prefix + HesdCommand.spectrumTitle(c) + ": "
                    + model.model.getFileName() + " (" + mode + " mode)", r.density(), r.topEigenvalues(),
                    r.minEigenvalue()));
            HesdRun.Cost cost = runs.get(c).cost();
            costs.put(c.label(), DeviceCosts.with(cost, done.value().devices().get(c)));
            hvps += cost.hvps();
            hvpSeconds += cost.hvpSeconds();
            wallSeconds += cost.wallSeconds();
        }
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("hvps", hvps);
        cost.put("hvpSeconds", hvpSeconds);
        cost.put("wallSeconds", wallSeconds);
        cost.put("operators", costs);
        output.publish(out, err, "hesd", Document.of("hesd", configMap, done.provenance(),
                        Map.of("operators", results), done.value().memory().withCost(cost)),
                files, o -> {
                    for (Curvature c : ORDER) {
                        o.printf(Locale.ROOT, "== %s%s%n", c.label(), config.scaleInvariant() ? " (scale-invariant)" : "");
                        HesdSummary.print(o, model.model, inputs.dataset(), config.withCurvature(c), runs.get(c));
                    }
                });
        journals.values().forEach(JsonJournal::delete);
        return ExitCodes.OK;
    }

    /** The three jobs on one loaded model, each journaled under the run's fingerprint and its operator. */
    private static Analysis.Done<Outcome> onOneDevice(HesdCommand command, HesdConfig config, HesdConfig plan,
            Inputs inputs, Map<String, Object> configMap, Map<Curvature, JsonJournal<HesdPartial>> journals,
            PrintWriter err) {
        boolean quiet = command.output.quiet;
        return Analysis.run(command.model, List.of(), name -> true, inputs, configMap, command.slq.seed,
                journals.get(Curvature.HESSIAN), quiet, err, (loaded, progress, fingerprint) -> {
                    MemoryReport memory = MemoryReport.check(plan, false, true, command.slq.memoryLimitBytes(),
                            loaded, inputs.batches(), quiet, err);
                    Map<Curvature, HesdRun> runs = new EnumMap<>(Curvature.class);
                    for (Curvature c : ORDER) {
                        runs.put(c, new HesdJob(config.withCurvature(c), progress, journals.get(c),
                                fingerprint + " operator=" + c.label(), false).run(loaded, inputs.batches()));
                    }
                    return new Outcome(runs, memory, Map.of());
                });
    }

    /**
     * Each operator's job on the device pool, as single-operator hesd runs it, one after the other
     * (the models are loaded again for each: the pool is one job's). Each job's fingerprint is
     * that of the same options with {@code --operator <op>}, so each journal resumes on its own.
     */
    private static Analysis.Done<Outcome> onDevices(HesdCommand command, List<String> lanes, HesdConfig config,
            HesdConfig plan, Inputs inputs, Map<String, Object> configMap,
            Map<Curvature, JsonJournal<HesdPartial>> journals, PrintWriter err) {
        Map<Curvature, HesdRun> runs = new EnumMap<>(Curvature.class);
        Map<Curvature, Object> deviceCosts = new EnumMap<>(Curvature.class);
        MemoryReport memory = null;
        Provenance provenance = null;
        for (Curvature c : ORDER) {
            HesdConfig job = config.withCurvature(c);
            Map<String, Object> jobConfig = new LinkedHashMap<>(configMap);
            jobConfig.put("operator", c.label());
            HesdDevicePool.Pooled<Pooled> pooled = HesdDevicePool.run(command, lanes, job, plan, c == ORDER.get(0),
                    inputs, jobConfig, journals.get(c), GridShard.ALL, err,
                    (loaded, progress, fingerprint, journal) -> new Pooled(
                            new HesdJob(job, progress, journal, fingerprint, false).run(loaded, inputs.batches()),
                            MemoryReport.check(plan, false, true, command.slq.memoryLimitBytes(), loaded,
                                    inputs.batches(), true, err)),
                    p -> p.run().cost());
            runs.put(c, pooled.done().value().run().withCost(pooled.cost()));
            deviceCosts.put(c, pooled.devices());
            memory = memory == null ? pooled.done().value().memory() : memory;
            provenance = provenance == null ? pooled.done().provenance() : provenance;
        }
        return new Analysis.Done<>(new Outcome(runs, memory, deviceCosts), provenance);
    }

    private static List<SpectrumOverlayPlot.Curve> curves(Map<Curvature, HesdRun> runs) {
        List<SpectrumOverlayPlot.Curve> curves = new ArrayList<>();
        for (Curvature c : ORDER) {
            HesdResult r = runs.get(c).result();
            double top = r.topEigenvalues().length == 0 ? Double.NaN : r.topEigenvalues()[0];
            curves.add(new SpectrumOverlayPlot.Curve(name(c), r.density(), top));
        }
        return curves;
    }

    private static String name(Curvature c) {
        return switch (c) {
            case HESSIAN -> "H";
            case GAUSS_NEWTON -> "G";
            case NME -> "NME";
        };
    }
}
