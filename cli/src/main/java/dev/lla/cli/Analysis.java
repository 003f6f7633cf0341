package dev.lla.cli;

import dev.lla.render.JsonJournal;
import dev.lla.core.model.ComputeDevices;
import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelFit;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.provenance.FileDigest;
import dev.lla.core.provenance.Provenance;
import dev.lla.core.shard.DeviceLanes;
import dev.lla.core.shard.PieceSelection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * Runs an analysis on a model the way every command does: load it, check that the data fits,
 * fingerprint inputs and options for the journal, show progress, and record provenance.
 */
final class Analysis {

    private Analysis() {}

    /** The analysis itself, given the loaded model and the fingerprint its journal needs. */
    interface Work<T> {
        T run(TrainableModel<?> model, ProgressListener progress, String fingerprint);
    }

    /** What an analysis produced and where it came from. */
    record Done<T>(T value, Provenance provenance) {}

    static <T> Done<T> run(Path modelFile, String device, Predicate<String> include, Loss loss, Inputs inputs,
            Map<String, Object> config, long seed, JsonJournal<?> journal, boolean quiet, PrintWriter err,
            Work<T> work) {
        return run(modelFile, List.of(), device, include, loss, inputs, config, seed, journal, quiet, err, work);
    }

    /**
     * As above, with {@code modelSideFiles} (checkpoints, optimizer moments, saved directions) that
     * fix the numbers as the model does: digested after the model in provenance and fingerprint.
     */
    static <T> Done<T> run(Path modelFile, List<Path> modelSideFiles, String device, Predicate<String> include,
            Loss loss, Inputs inputs, Map<String, Object> config, long seed, JsonJournal<?> journal, boolean quiet,
            PrintWriter err, Work<T> work) {
        return run(modelFile, null, modelSideFiles, device, include, loss, inputs, config, seed, journal, quiet, err,
                work);
    }

    /** As above, on {@code model}'s file, device, loss and ONNX output, after its note on stderr. */
    static <T> Done<T> run(ModelOptions model, List<Path> modelSideFiles, Predicate<String> include, Inputs inputs,
            Map<String, Object> config, long seed, JsonJournal<?> journal, boolean quiet, PrintWriter err,
            Work<T> work) {
        model.noteOnStderr(err, quiet);
        return run(model.model, model.output, modelSideFiles, model.device, include, model.loss, inputs, config,
                seed, journal, quiet, err, work);
    }

    /** As above, with the ONNX graph output {@code output} (null: the only one). */
    static <T> Done<T> run(Path modelFile, String output, List<Path> modelSideFiles, String device,
            Predicate<String> include, Loss loss, Inputs inputs, Map<String, Object> config, long seed,
            JsonJournal<?> journal, boolean quiet, PrintWriter err, Work<T> work) {
        String startedAt = java.time.Instant.now().toString();
        ProgressListener progress = StderrProgress.forStderr(err, quiet);
        Thread interrupted = new Thread(() -> tellHowToResume(journal, err));
        Runtime.getRuntime().addShutdownHook(interrupted);
        CompletableFuture<Checksums> checksums = Checksums.inBackground(modelFile, modelSideFiles, inputs);
        try (TrainableModel<?> model = EngineWarnings.say(Models.open(modelFile, device, include, loss, output), err)) {
            ModelFit.check(model, inputs.dataset());
            List<FileDigest> modelFiles = Checksums.joined(checksums).model();
            List<FileDigest> dataFiles = Checksums.joined(checksums).data();
            String fingerprint = Fingerprint.of(config, modelFiles, dataFiles, inputs.plan());
            T value = work.run(model, progress, fingerprint);
            return new Done<>(value, Provenances.of(model, modelFiles, dataFiles, seed, startedAt));
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }
    }

    /** The work of one device's lane: the job restricted to {@code pieces}, journaled in that lane's journal. */
    interface LaneWork<W> {
        W run(TrainableModel<?> model, String fingerprint, PieceSelection pieces, int lane);
    }

    /** What a run on several devices produced: the pooled value, its provenance, each device's share. */
    record DevicesDone<T, W>(T value, Provenance provenance, List<DeviceLanes.Lane<W>> lanes, double wallSeconds) {
        Done<T> done() {
            return new Done<>(value, provenance);
        }
    }

    /**
     * As {@link #run}, on several devices: the model loaded once per device, then one worker per
     * device computing the pieces of {@code shard} it takes from a shared queue ({@code lane}),
     * then {@code whole} on the first device's model, which pools the journaled pieces into the
     * result exactly as a one-device run (or shard) does, computing no piece again.
     *
     * @param pieces the number of pieces of the whole job, for progress
     */
    static <T, W> DevicesDone<T, W> onDevices(List<String> devices, Path modelFile, String output,
            List<Path> modelSideFiles,
            Predicate<String> include, Loss loss, Inputs inputs, Map<String, Object> config, long seed,
            JsonJournal<?> journal, boolean quiet, PrintWriter err, PieceSelection shard, int pieces,
            LaneWork<W> lane, Work<T> whole) {
        long started = System.nanoTime();
        String startedAt = java.time.Instant.now().toString();
        ProgressListener progress = StderrProgress.forStderr(err, quiet);
        Thread interrupted = new Thread(() -> tellHowToResume(journal, err));
        Runtime.getRuntime().addShutdownHook(interrupted);
        List<TrainableModel<?>> models = new java.util.ArrayList<>();
        int[] threadsBefore = {0};
        CompletableFuture<Checksums> checksums = Checksums.inBackground(modelFile, modelSideFiles, inputs);
        try {
            for (String device : devices) {
                models.add(EngineWarnings.say(Models.open(modelFile, device, include, loss, output), err));
            }
            ModelFit.check(models.get(0), inputs.dataset());
            List<FileDigest> modelFiles = Checksums.joined(checksums).model();
            List<FileDigest> dataFiles = Checksums.joined(checksums).data();
            String fingerprint = Fingerprint.of(config, modelFiles, dataFiles, inputs.plan());
            // A journal of other inputs or options is the user's error, not a device's: say so before any lane starts.
            journal.finished(fingerprint);
            threadsBefore[0] = DeviceListOptions.threadsFor(devices);
            boolean oneThreadEach = threadsBefore[0] > 0;
            List<DeviceLanes.Lane<W>> lanes = DeviceLanes.run(devices, shard, pieces, progress, (i, share) -> {
                // libtorch applies the count to each thread on its first parallel operation; set it here too.
                if (oneThreadEach) {
                    ComputeDevices.setIntraOpThreads(1);
                }
                return lane.run(models.get(i), fingerprint, share, i);
            });
            T value = whole.run(models.get(0), progress, fingerprint);
            return new DevicesDone<>(value, Provenances.of(models.get(0), modelFiles, dataFiles, seed, startedAt),
                    lanes, (System.nanoTime() - started) / 1e9);
        } finally {
            // The pooling pass above ran with the lanes' threads too, in case it computes (--eigenvectors).
            DeviceListOptions.restoreThreads(threadsBefore[0]);
            models.forEach(TrainableModel::close);
            Runtime.getRuntime().removeShutdownHook(interrupted);
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }
    }

    /**
     * The checksums of the model (then its side files) and of the data, read on another thread
     * while the model loads: on ResNet18 and CIFAR they are 0.1 s of SHA-256 that would
     * otherwise come before the memory plan can refuse a run.
     */
    private record Checksums(List<FileDigest> model, List<FileDigest> data) {

        static CompletableFuture<Checksums> inBackground(Path modelFile, List<Path> modelSideFiles, Inputs inputs) {
            return CompletableFuture.supplyAsync(() -> {
                List<FileDigest> model = new java.util.ArrayList<>(List.of(FileDigest.of(modelFile)));
                modelSideFiles.forEach(f -> model.add(FileDigest.of(f)));
                return new Checksums(List.copyOf(model), inputs.digests());
            });
        }

        /** The checksums, or the one-line error that reading them raised. */
        static Checksums joined(CompletableFuture<Checksums> checksums) {
            try {
                return checksums.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    /** On Ctrl-C or a kill while the analysis runs: say where the finished pieces are. */
    private static void tellHowToResume(JsonJournal<?> journal, PrintWriter err) {
        if (java.nio.file.Files.exists(journal.file())) {
            err.println();
            err.println("lla: interrupted; finished pieces are saved in " + journal.file()
                    + "; run the same command with --resume to continue");
            err.flush();
        }
    }
}
