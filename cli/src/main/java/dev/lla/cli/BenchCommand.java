package dev.lla.cli;

import dev.lla.core.bench.BenchmarkResult;
import dev.lla.core.bench.HvpBenchmark;
import dev.lla.core.bench.LandscapeBenchmark;
import dev.lla.core.data.Batch;
import dev.lla.core.data.Dataset;
import dev.lla.core.model.ModelFit;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.provenance.Provenance;
import dev.lla.render.Document;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lla bench}: lla's overhead over libtorch on your model, batch and device. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "Measures in one process: a Hessian-vector product against a forward + backward pass,"
                    + " Gauss-Newton and NME products against the HVP (on built graphs), an SLQ run (with full and with partial re-orthogonalization) against the sum of"
                    + " its products, and resident memory across many products. Writes bench.json to --out."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;
    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Option(names = "--repeats", defaultValue = "20", paramLabel = "N",
            description = "Timed repetitions of each operation, after as many warm-up runs. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--iterations", defaultValue = "100", paramLabel = "M",
            description = "Lanczos steps of the timed SLQ runs. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--memory-products", defaultValue = "1000", paramLabel = "N",
            description = "Products between the two resident-memory readings. Default: ${DEFAULT-VALUE}.")
    int memoryProducts;

    @Option(names = "--landscape-steps", defaultValue = "10", paramLabel = "S",
            description = "Also time a (S+1)x(S+1) landscape grid per point against a forward pass; 0 skips it."
                    + " Default: ${DEFAULT-VALUE}.")
    int landscapeSteps;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of the batch. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        if (repeats < 1 || iterations < 1 || memoryProducts < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--repeats and --iterations must be at least 1, --memory-products at least 0");
        }
        if (landscapeSteps < 0 || landscapeSteps % 2 != 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--landscape-steps must be even and at least 0 (0 skips the landscape timing), got " + landscapeSteps);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String startedAt = java.time.Instant.now().toString();
        Inputs inputs = Inputs.load(data, data.request(), seed);
        Dataset dataset = inputs.dataset();
        Batch batch = inputs.batches().get(0);
        ProgressListener progress = StderrProgress.forStderr(err, output.quiet);
        BenchmarkResult result;
        LandscapeBenchmark.Result landscape = null;
        Provenance provenance;
        model.noteOnStderr(err, output.quiet);
        try (TrainableModel<?> loaded = EngineWarnings.say(
                Models.open(model.model, model.device, name -> true, model.loss, model.output), err)) {
            ModelFit.check(loaded, dataset);
            result = new HvpBenchmark(repeats, iterations, memoryProducts, progress).run(loaded, batch, model.mode);
            if (landscapeSteps > 0) {
                landscape = new LandscapeBenchmark(repeats, landscapeSteps).run(loaded, batch, model.mode);
            }
            provenance = Provenances.of(loaded, model.model, dataset, seed, startedAt);
        } finally {
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("measurements", result);
        results.put("hvpOverForwardBackward", result.hvpOverForwardBackward());
        results.put("gaussNewtonOverHvp", result.gaussNewtonOverHvp());
        results.put("nmeOverHvp", result.nmeOverHvp());
        results.put("slqOverHvps", result.slqOverHvps());
        results.put("partialSlqOverHvps", result.partialSlqOverHvps());
        results.put("slqFloorOverHvps", result.slqFloorOverHvps());
        results.put("basisPassGigabytesPerSecond", result.basisPassGigabytesPerSecond());
        results.put("rssGrowthMib", result.rssGrowthMib());
        results.put("nativeGrowthMib", result.nativeGrowthMib());
        results.put("landscape", landscape);
        results.put("landscapePointOverForward", landscape == null ? null : landscape.pointOverForward());
        results.put("landscapeFloorOverForward", landscape == null ? null : landscape.floorOverForward());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", model.model.toString());
        config.put("data", data.data.toString());
        config.put("batchSize", data.batchSize);
        model.putRuntimeConfig(config);
        config.put("repeats", repeats);
        config.put("iterations", iterations);
        config.put("memoryProducts", memoryProducts);
        config.put("landscapeSteps", landscapeSteps);
        Document document = Document.of("bench", config, provenance, results, null);
        LandscapeBenchmark.Result grid = landscape;
        output.publish(out, err, "bench", document, Map.of(), o -> print(o, result, grid));
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, BenchmarkResult r, LandscapeBenchmark.Result grid) {
        out.printf(Locale.ROOT, "batch %d, %d parameters, %s, median of %d%n", r.batchSize(), r.parameters(),
                r.device(), r.repeats());
        out.printf(Locale.ROOT, "forward                        %9.2f ms%n", r.forwardMillis());
        out.printf(Locale.ROOT, "forward + backward             %9.2f ms%n", r.forwardBackwardMillis());
        out.printf(Locale.ROOT, "Hessian-vector product (full)  %9.2f ms   %.2f× forward+backward (goal ≤ 2.5)%n",
                r.fullHvpMillis(), r.hvpOverForwardBackward());
        out.printf(Locale.ROOT, "Hessian-vector product (graph) %9.2f ms   %.2f× forward+backward%n",
                r.graphHvpMillis(), r.graphHvpMillis() / r.forwardBackwardMillis());
        out.printf(Locale.ROOT, "Gauss-Newton product (graphs)  %9.2f ms   %.2f× the HVP on its graph (goal ≤ 1.5)%n",
                r.gaussNewtonMillis(), r.gaussNewtonOverHvp());
        out.printf(Locale.ROOT, "NME product (graphs)           %9.2f ms   %.2f× the HVP on its graph%n",
                r.nmeMillis(), r.nmeOverHvp());
        out.printf(Locale.ROOT, "SLQ run, %d steps, full        %9.1f ms   %.3f× its products (goal ≤ 1.10)%n",
                r.slqIterations(), r.slqWallMillis(), r.slqOverHvps());
        out.printf(Locale.ROOT, "SLQ run, %d steps, partial     %9.1f ms   %.3f× its products (%d steps"
                + " re-orthogonalized)%n", r.slqIterations(), r.partialSlqWallMillis(), r.partialSlqOverHvps(),
                r.partialSlqReorthogonalizations());
        out.printf(Locale.ROOT, "  bandwidth floor of full        %9.3f× its products (%d passes over the basis at %.1f GB/s)%n",
                r.slqFloorOverHvps(), r.slqIterations() - 1, r.basisPassGigabytesPerSecond());
        out.printf(Locale.ROOT, "resident memory                %9.1f → %.1f MiB over %d products (%+.1f MiB)%n",
                r.rssBeforeKib() / 1024.0, r.rssAfterKib() / 1024.0, r.memoryProducts(), r.rssGrowthMib());
        out.printf(Locale.ROOT, "native heap in use (malloc)    %9.1f → %.1f MiB (%+.1f MiB; goal: flat)%n",
                r.nativeHeapBeforeKib() / 1024.0, r.nativeHeapAfterKib() / 1024.0, r.nativeGrowthMib());
        out.printf(Locale.ROOT, "page faults per product         %8.1f   kernel %.1f%% of CPU time (malloc: %s)%n",
                r.faultsPerProduct(), 100 * r.productKernelShare(), r.malloc());
        out.printf(Locale.ROOT, "page faults per SLQ step        %8.1f   kernel %.1f%% of CPU time%n",
                r.faultsPerSlqStep(), 100 * r.slqKernelShare());
        if (grid != null) {
            out.printf(Locale.ROOT, "page faults per landscape point %8.1f%n", grid.faultsPerPoint());
            out.printf(Locale.ROOT, "landscape point (%d-point grid) %8.2f ms   %.3f× forward (goal ≤ 1.15)%n",
                    grid.points(), grid.pointMillis(), grid.pointOverForward());
            out.printf(Locale.ROOT, "  floor: weight write + forward %8.2f ms   %.3f× forward (the write alone %.2f ms at %.1f GB/s)%n",
                    grid.writeThenForwardMillis(), grid.floorOverForward(),
                    grid.weightWriteMillis(), grid.weightWriteGigabytesPerSecond());
        }
    }
}
