package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.NpzWriter;
import dev.lla.core.data.NpyArray;
import dev.lla.core.generalize.Checkpoint;
import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelFit;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.provenance.FileDigest;
import dev.lla.core.provenance.Provenance;
import dev.lla.core.track.CheckpointEigen;
import dev.lla.core.track.TrackConfig;
import dev.lla.core.track.TrackJob;
import dev.lla.core.track.TrackPartial;
import dev.lla.core.track.TrackResult;
import dev.lla.core.track.VectorStore;
import dev.lla.render.AtomicFiles;
import dev.lla.render.Document;
import dev.lla.render.JsonJournal;
import dev.lla.render.TrackPlot;
import dev.lla.render.TrackTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lla track}: how the leading Hessian eigenvectors move and localize along a checkpoint series. */
@Command(
        name = "track",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "The top-k Hessian eigenpairs of every checkpoint of a series, on one seeded set of batches from"
                    + " one seeded start vector, and how they move: the subspace overlap ||U_a^T U_b||_F^2 / k"
                    + " and each vector's best |cosine| between consecutive checkpoints and against the last,"
                    + " with the eigenvalues, each vector's inverse participation ratio and its mass per"
                    + " parameter tensor.",
            "Writes track.json, track.md and the figures track-eigenvalues.png, track-overlap.png and"
                    + " track-ipr.png to --out."
        })
final class TrackCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DataOptions data;
    @Mixin OutputOptions output;
    @Mixin ModelListOptions graphOutput;

    @Mixin CheckpointOptions series;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "K",
            description = "Largest eigenpairs per checkpoint. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--eigen-tol", defaultValue = "1e-4", paramLabel = "TOL",
            description = "Eigenpair converged when ||Hx - θx|| <= TOL x |θ|. Default: ${DEFAULT-VALUE}.")
    double eigenTolerance;

    @Option(names = "--eigen-iterations", defaultValue = "200", paramLabel = "M",
            description = "Most Lanczos steps per checkpoint. Default: ${DEFAULT-VALUE}.")
    int eigenIterations;

    @Option(names = "--mode", defaultValue = "eval", paramLabel = "eval|train",
            description = "BatchNorm statistics of the Hessian: running (eval) or per batch (train)."
                    + " Default: ${DEFAULT-VALUE}.")
    ModelMode mode;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda[:N]",
            description = "Where libtorch computes. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--loss", defaultValue = "cross-entropy", paramLabel = "cross-entropy|mse",
            converter = ModelOptions.LossConverter.class,
            description = "L(w) whose Hessian is taken. Default: ${DEFAULT-VALUE}.")
    Loss loss;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the batches and of the start vector. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--memory", paramLabel = "SIZE", converter = SlqOptions.SizeConverter.class,
            description = "Plan each checkpoint's search against at most SIZE of memory (e.g. 8G, 512M) instead of"
                    + " all that the device has free. Does not change the numbers.")
    Long memoryLimit;

    @Option(names = "--resume",
            description = "Reuse the checkpoints a killed run with the same inputs and options finished"
                    + " (track.partial.json and track.vectors/ in --out).")
    boolean resume;

    @Override
    public Integer call() {
        TrackConfig config = new TrackConfig(topK, eigenTolerance, eigenIterations, mode, seed);
        List<Checkpoint> checkpoints = series.checkpoints(spec);
        graphOutput.describe(checkpoints.stream().map(Checkpoint::model).toList());
        if (checkpoints.size() > 1) {
            // Before libtorch loads: a search or host copies that cannot fit are refused at once.
            Models.sizeBeforeEngine(checkpoints.get(0).model(), device, name -> true).ifPresent(size ->
                    TrackJob.checkBeforeEngine(config, checkpoints.size(),
                            SlqOptions.SizeConverter.bytesOrNone(memoryLimit), size));
        }
        Models.preloadEngine();
        output.checkOutDirectory();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        graphOutput.noteOnStderr(err, output.quiet, mode);
        String startedAt = java.time.Instant.now().toString();
        Inputs inputs = Inputs.load(data, data.request(), seed);
        ModelOpener runtime = new ModelOpener(inputs);
        MemoryReport[] memory = new MemoryReport[1];
        TrackJob.checkSeries(checkpoints, runtime::open, first -> memory[0] = MemoryReport.of(() -> TrackJob.plan(
                config, checkpoints.size(), SlqOptions.SizeConverter.bytesOrNone(memoryLimit), first, inputs.batches()),
                output.quiet, err));

        List<FileDigest> modelFiles = checkpoints.stream().map(c -> FileDigest.of(c.model())).toList();
        Map<String, Object> configMap = configMap(checkpoints);
        String fingerprint = Fingerprint.of(configMap, modelFiles, inputs.digests(), inputs.plan());
        JsonJournal<TrackPartial> journal = new JsonJournal<>(output.out.resolve("track.partial.json"), resume,
                TrackPartial.class, TrackPartial::empty, TrackPartial::fingerprint);
        Path vectors = output.out.resolve("track.vectors");

        TrackResult result = runJob(config, journal, fingerprint, checkpoints, inputs, runtime, vectors, err);
        Provenance provenance = Provenances.of(runtime.engine, runtime.device, modelFiles, inputs.digests(), seed,
                startedAt);
        Document document = Document.of("track", configMap, provenance, result, Map.of("memory", memory[0].json()));
        String what = series.title(checkpoints.size());
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("track.md", TrackTable.markdown("Eigenvector tracking: " + what, settings(inputs), result)
                .getBytes(StandardCharsets.UTF_8));
        files.put("track-eigenvalues.png", TrackPlot.eigenvalues("Top-" + topK + " Hessian eigenvalues: " + what,
                result));
        files.put("track-overlap.png", TrackPlot.overlap("Top-" + topK + " subspace overlap: " + what, result));
        files.put("track-ipr.png", TrackPlot.ipr("Localization (IPR) of the top-" + topK + " vectors: " + what,
                result));
        output.publish(out, err, "track", document, files, o -> o.print(TrackTable.summary(result)));
        journal.delete();
        deleteVectors(vectors);
        return ExitCodes.OK;
    }

    private String settings(Inputs inputs) {
        return String.format(Locale.ROOT, "Top-%d eigenpairs per checkpoint by Lanczos (at most %d steps, relative"
                + " residual %.1g) on %d batch%s of %d samples (%s Hessian, BatchNorm %s mode), seed %d.", topK,
                eigenIterations, eigenTolerance, inputs.batches().size(), inputs.batches().size() == 1 ? "" : "es",
                data.batchSize, inputs.batches().size() == 1 ? "batch" : "mean", mode.name().toLowerCase(Locale.ROOT),
                seed);
    }

    private TrackResult runJob(TrackConfig config, JsonJournal<TrackPartial> journal, String fingerprint,
            List<Checkpoint> checkpoints, Inputs inputs, ModelOpener runtime, Path vectors, PrintWriter err) {
        ProgressListener progress = StderrProgress.forStderr(err, output.quiet);
        try {
            return new TrackJob(config, progress, journal, fingerprint, new FileStore(vectors))
                    .run(checkpoints, inputs.batches(), runtime::open, e -> {
                        if (progress instanceof StderrProgress p) {
                            p.finish();
                        }
                        if (!output.quiet) {
                            err.println(line(checkpoints.get(e.checkpoint()), e));
                            err.flush();
                        }
                    });
        } finally {
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }
    }

    private static String line(Checkpoint c, CheckpointEigen e) {
        List<String> values = e.pairs().stream().map(p -> String.format(Locale.ROOT, "%.4g", p.value())).toList();
        return String.format(Locale.ROOT, "%s: loss %.4g, top %s, IPR of v1 %.3g (%d Lanczos steps)", c.label(),
                e.loss(), String.join(" ", values), e.pairs().isEmpty() ? Double.NaN : e.pairs().get(0).ipr(),
                e.iterations());
    }

    private Map<String, Object> configMap(List<Checkpoint> checkpoints) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("series", series.seriesOrNull());
        map.put("checkpoints", checkpoints.stream().map(c -> c.model().toString()).toList());
        graphOutput.putConfig(map);
        data.putSourceConfig(map);
        data.putBatchConfig(map);
        map.put("loss", loss.label());
        map.put("mode", mode.name().toLowerCase(Locale.ROOT));
        map.put("device", device);
        map.put("topK", topK);
        map.put("eigenTolerance", eigenTolerance);
        map.put("eigenIterations", eigenIterations);
        map.put("seed", seed);
        return map;
    }

    /** Opens models on the device, checks that the data fits, and remembers engine and device for provenance. */
    private final class ModelOpener {
        private final Inputs inputs;
        dev.lla.core.model.EngineInfo engine;
        String device;

        ModelOpener(Inputs inputs) {
            this.inputs = inputs;
        }

        TrainableModel<?> open(Path file) {
            TrainableModel<?> model = EngineWarnings.say(Models.open(file, TrackCommand.this.device, name -> true,
                    loss, graphOutput.outputOf(file)), spec.commandLine().getErr());
            try {
                ModelFit.check(model, inputs.dataset());
            } catch (LlaException e) {
                model.close();
                throw LlaException.input(file.getFileName() + ": " + e.getMessage());
            }
            engine = model.engine();
            device = model.device();
            return model;
        }
    }

    /** Each finished checkpoint's vectors as {@code track.vectors/checkpoint-<i>.npz}, arrays v1 … vk. */
    private record FileStore(Path dir) implements VectorStore {

        @Override
        public void save(int index, List<float[]> vectors) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < vectors.size(); i++) {
                arrays.put("v" + (i + 1), NpzWriter.float32(new int[] {vectors.get(i).length}, vectors.get(i)));
            }
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw LlaException.input("cannot create " + dir + " (" + e.getMessage() + ")", e);
            }
            AtomicFiles.write(file(index), NpzWriter.toBytes(arrays));
        }

        @Override
        public Optional<List<float[]>> load(int index) {
            Path file = file(index);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> names = NpzReader.arrayNames(file);
            List<float[]> vectors = new ArrayList<>();
            for (int i = 1; names.contains("v" + i); i++) {
                vectors.add(NpzReader.read(file, "v" + i).toFloatArray());
            }
            return Optional.of(vectors);
        }

        private Path file(int index) {
            return dir.resolve("checkpoint-" + index + ".npz");
        }
    }

    private static void deleteVectors(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw LlaException.input("cannot remove " + dir + " (" + e.getMessage() + ")", e);
        }
    }
}
