package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelFit;
import dev.lla.core.model.ModelDescription;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.provenance.FileDigest;
import dev.lla.core.provenance.Provenance;
import dev.lla.core.train.CheckpointFiles;
import dev.lla.core.train.EpochRecord;
import dev.lla.core.train.OptimizerSettings;
import dev.lla.core.train.OptimizerState;
import dev.lla.core.train.OptimizerStateFile;
import dev.lla.core.train.TrainConfig;
import dev.lla.core.train.TrainPartial;
import dev.lla.core.train.TrainStart;
import dev.lla.core.train.Trainer;
import dev.lla.render.Document;
import dev.lla.render.JsonJournal;
import dev.lla.render.TrainingCurvesPlot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lla train}: trains a TorchScript model and writes its checkpoint series with the optimizer's state. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "Trains a scripted TorchScript model with Adam (torch.optim.Adam's update) or SGD on every sample"
                    + " of --data each epoch, in minibatches shuffled by (--seed, epoch), BatchNorm in train mode.",
            "Writes to --out: checkpoints/epoch-NNNN.pt (epoch 0 = the initial model) with the Adam moments"
                    + " checkpoints/epoch-NNNN.adam.npz, train.json and train.png. --resume continues a killed run"
                    + " from its last checkpoint with the same numbers as an uninterrupted run."
        })
final class TrainCommand implements Callable<Integer> {

    static final String JOURNAL = "train.partial.json";

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "Initial TorchScript model (.pt), saved with torch.jit.script(model).save(FILE), or ONNX"
                    + " model (.onnx); checkpoints are TorchScript either way.")
    Path model;

    @Option(names = "--output", paramLabel = "NAME",
            description = "For an ONNX model with several outputs: the (N, classes) one trained on.")
    String modelOutput;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda[:N]",
            description = "Where libtorch computes. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--loss", defaultValue = "cross-entropy", paramLabel = "cross-entropy|mse",
            converter = ModelOptions.LossConverter.class,
            description = "The loss trained on, a mean over the batch: cross-entropy of the outputs as logits, or"
                    + " mse against one-hot labels (docs/METHODS.md). Default: ${DEFAULT-VALUE}.")
    Loss loss;

    @Mixin DataOptions data;
    @Mixin OutputOptions output;

    @Option(names = "--eval-data", paramLabel = "PATH",
            description = "Data scored in eval mode after every epoch, read with the same format and transform"
                    + " options as --data.")
    Path evalData;

    @Option(names = "--eval-split", defaultValue = "test", paramLabel = "train|test",
            description = "Split of --eval-data. Default: ${DEFAULT-VALUE}.")
    Split evalSplit;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
            description = "Passes over the training data. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "adam|sgd",
            description = "Adam, or SGD (with --momentum). Default: ${DEFAULT-VALUE}.")
    OptimizerSettings.Kind optimizer;

    @Option(names = "--lr", defaultValue = "0.001", paramLabel = "LR",
            description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--beta1", defaultValue = "0.9", paramLabel = "B1", description = "Adam's first-moment decay. Default: ${DEFAULT-VALUE}.")
    double beta1;

    @Option(names = "--beta2", defaultValue = "0.999", paramLabel = "B2", description = "Adam's second-moment decay. Default: ${DEFAULT-VALUE}.")
    double beta2;

    @Option(names = "--eps", defaultValue = "1e-8", paramLabel = "EPS",
            description = "Adam's epsilon, added to the bias-corrected root of the second moment. Default: ${DEFAULT-VALUE}.")
    double eps;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "L",
            description = "L2 penalty added to the gradient (g + L*w, as torch.optim; not AdamW). Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--momentum", defaultValue = "0", paramLabel = "M",
            description = "SGD's momentum (torch.optim.SGD, no dampening). Default: ${DEFAULT-VALUE}.")
    double momentum;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "K",
            description = "A checkpoint after every K epochs and after the last. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of every epoch's shuffle; same seed, same numbers. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume",
            description = "Continue the run that was interrupted in --out from its last checkpoint (same inputs and"
                    + " options; --epochs may be raised).")
    boolean resume;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (data.batches != 1 || data.sequential) {
            throw LlaException.usage("--batches and --sequential do not apply to lla train: every epoch uses every"
                    + " sample of --data, in a shuffled order");
        }
        OptimizerSettings settings = new OptimizerSettings(optimizer, lr, beta1, beta2, eps, weightDecay, momentum);
        if (optimizer == OptimizerSettings.Kind.ADAM && momentum != 0) {
            throw LlaException.usage("--momentum is SGD's; Adam's decays are --beta1 and --beta2");
        }
        TrainConfig config = new TrainConfig(epochs, data.batchSize, seed, checkpointEvery, settings);
        output.checkOutDirectory();
        String startedAt = java.time.Instant.now().toString();
        long started = System.nanoTime();
        Dataset train = DatasetLoader.load(data.request());
        Dataset eval = evalData == null ? null : DatasetLoader.load(data.request().withData(evalData, evalSplit));
        ModelDescription description = Models.describe(model, modelOutput);
        Map<String, Object> configMap = configMap(description);
        ModelOptions.note(err, output.quiet, model, description, ModelMode.EVAL);
        List<FileDigest> modelFiles = List.of(FileDigest.of(model));
        List<FileDigest> dataFiles = new ArrayList<>(train.files().stream().map(FileDigest::of).toList());
        if (eval != null) {
            dataFiles.addAll(eval.files().stream().map(FileDigest::of).toList());
        }
        Map<String, Object> options = new LinkedHashMap<>(configMap);
        options.remove("epochs");
        String fingerprint = Fingerprint.of(options, modelFiles, dataFiles);
        JsonJournal<TrainPartial> journal = new JsonJournal<>(output.out.resolve(JOURNAL), resume, TrainPartial.class,
                TrainPartial::empty, TrainPartial::fingerprint);
        TrainPartial partial = resume ? resumable(journal, fingerprint) : TrainPartial.empty(fingerprint);
        int from = partial.checkpoints().isEmpty() ? 0 : partial.checkpoints().get(partial.checkpoints().size() - 1);
        Path load = from == 0 ? model : output.out.resolve(CheckpointFiles.model(from));
        ProgressListener progress = StderrProgress.forStderr(err, output.quiet);
        Thread interrupted = new Thread(() -> tellHowToResume(journal, err));
        Runtime.getRuntime().addShutdownHook(interrupted);
        List<EpochRecord> records;
        Provenance provenance;
        // checkpoints are TorchScript archives of the chosen output alone
        String chosenOutput = from == 0 ? modelOutput : null;
        try (TrainableModel<?> loaded = EngineWarnings.say(
                Models.open(checkedExists(load), device, name -> true, loss, chosenOutput), err)) {
            ModelFit.check(loaded, train);
            if (eval != null) {
                ModelFit.check(loaded, eval);
            }
            TrainStart start = from == 0 ? TrainStart.fresh() : new TrainStart(from,
                    OptimizerStateFile.read(checkedExists(output.out.resolve(CheckpointFiles.optimizerState(from,
                            optimizer))), optimizer, loaded.parameters()),
                    partial.epochs().stream().filter(e -> e.epoch() <= from).toList());
            if (!output.quiet && from > 0) {
                err.println("resuming from the checkpoint of epoch " + from + " in " + output.out);
            }
            List<Integer> written = from == 0 ? List.of() : partial.checkpoints();
            Runnable clearProgress = progress instanceof StderrProgress p ? p::finish : () -> { };
            TrainCheckpoints checkpoints = new TrainCheckpoints(output.out, optimizer, loaded.parameters(), journal,
                    fingerprint, written, epochs, err, output.quiet, clearProgress);
            records = new Trainer(config, progress, checkpoints).run(loaded, train, batches(eval), start);
            provenance = Provenances.of(loaded, modelFiles, dataFiles, seed, startedAt);
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("wallSeconds", (System.nanoTime() - started) / 1e9);
        cost.put("resumedFromEpoch", from == 0 ? null : from);
        // Timings are not reproducible numbers: they stay out of results.
        cost.put("epochSeconds", records.stream().map(r -> r.seconds()).toList());
        String title = "Training: " + model.getFileName() + " on " + shortName(data.data) + " (" + optimizer.label()
                + ", lr " + lr + ", batch " + data.batchSize + ")";
        output.publish(out, err, "train", Document.of("train", configMap, provenance, TrainResults.of(records,
                        config), cost),
                Map.of("train.png", TrainingCurvesPlot.png(title, records)), o -> TrainResults.summary(o, records));
        journal.delete();
        return ExitCodes.OK;
    }

    /** The journal of the run to resume; refuses when there is none or it is of other inputs or options. */
    private TrainPartial resumable(JsonJournal<TrainPartial> journal, String fingerprint) {
        if (!Files.exists(journal.file())) {
            throw LlaException.usage("--resume: nothing to resume in " + output.out + " (no " + JOURNAL
                    + "; a finished run leaves only train.json); run without --resume to start over");
        }
        TrainPartial partial = journal.finished(fingerprint);
        int last = partial.checkpoints().isEmpty() ? 0 : partial.checkpoints().get(partial.checkpoints().size() - 1);
        if (last > epochs) {
            throw LlaException.usage("--resume: the run in " + output.out + " already has a checkpoint of epoch " + last
                    + "; give --epochs " + last + " or more");
        }
        return partial;
    }

    /** The last two components of a path ("digits8x8/train.npz"): a data file's name alone is often just "train.npz". */
    private static String shortName(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        int n = absolute.getNameCount();
        return n >= 2 ? absolute.subpath(n - 2, n).toString() : absolute.toString();
    }

    private static Path checkedExists(Path file) {
        if (!Files.exists(file)) {
            throw LlaException.input(file + ": checkpoint file missing; run without --resume to start over");
        }
        return file;
    }

    /** The evaluation data in batches of --batch-size, in file order (none without --eval-data). */
    private List<Batch> batches(Dataset eval) {
        if (eval == null) {
            return List.of();
        }
        List<Batch> batches = new ArrayList<>();
        for (int from = 0, b = 0; from < eval.size(); from += data.batchSize, b++) {
            int to = Math.min(eval.size(), from + data.batchSize);
            batches.add(eval.batch(b, IntStream.range(from, to).toArray()));
        }
        return batches;
    }

    private void tellHowToResume(JsonJournal<TrainPartial> journal, PrintWriter err) {
        if (Files.exists(journal.file())) {
            err.println();
            err.println("lla: interrupted; checkpoints so far are in " + output.out
                    + "; run the same command with --resume to continue from the last one");
            err.flush();
        }
    }

    private Map<String, Object> configMap(ModelDescription description) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("model", model.toString());
        ModelOptions.putModelConfig(map, description);
        data.putSourceConfig(map);
        map.put("evalData", evalData == null ? null : evalData.toString());
        map.put("evalSplit", evalData == null ? null : evalSplit.label());
        map.put("normalize", data.normalize);
        map.put("transforms", data.transformsLabel());
        map.put("device", device);
        map.put("optimizer", optimizer.label());
        map.put("lr", lr);
        map.put("beta1", optimizer == OptimizerSettings.Kind.ADAM ? beta1 : null);
        map.put("beta2", optimizer == OptimizerSettings.Kind.ADAM ? beta2 : null);
        map.put("eps", optimizer == OptimizerSettings.Kind.ADAM ? eps : null);
        map.put("weightDecay", weightDecay);
        map.put("momentum", optimizer == OptimizerSettings.Kind.SGD ? momentum : null);
        map.put("epochs", epochs);
        map.put("batchSize", data.batchSize);
        map.put("checkpointEvery", checkpointEvery);
        map.put("seed", seed);
        map.put("loss", loss.label());
        map.put("shuffle", "every epoch e: a permutation of all samples seeded by (seed, e); the last, smaller"
                + " batch is kept unless it holds one sample");
        map.put("trainLoss", "running mean over the epoch's minibatches (weighted by size), each at the weights"
                + " before its step, BatchNorm in train mode");
        map.put("eval", "after every epoch, every sample of --eval-data, BatchNorm in eval mode");
        return map;
    }
}
