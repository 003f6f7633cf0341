package dev.lla.cli;

import dev.lla.core.connect.ConnectConfig;
import dev.lla.core.connect.ConnectJob;
import dev.lla.core.connect.ConnectPartial;
import dev.lla.core.connect.ConnectResult;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelFit;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.provenance.FileDigest;
import dev.lla.core.provenance.Provenance;
import dev.lla.core.track.TrackJob;
import dev.lla.render.ConnectPlot;
import dev.lla.render.Document;
import dev.lla.render.JsonJournal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lla connect}: mode connectivity between two models along a line and a fitted Bezier curve. */
@Command(
        name = "connect",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = {
            "Loss and accuracy between two models A and B of one architecture along the straight line"
                    + " (1-t)A + tB and along a quadratic Bezier curve (1-t)^2 A + 2t(1-t) θ + t^2 B whose"
                    + " middle point θ is fitted by Adam to the expected loss over t ~ U(0,1) (Garipov et al."
                    + " 2018), with the barrier max_t L - max(L(A), L(B)) of each path.",
            "Writes connect.json, connect.png and the middle point θ as connect-middle.pt (TorchScript) to --out;"
                    + " while it runs, connect.partial.json and connect.state/ for --resume."
        })
final class ConnectCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin DataOptions data;
    @Mixin OutputOptions output;
    @Mixin ModelListOptions graphOutput;

    @Parameters(arity = "2", paramLabel = "MODEL", description = "The two models, A and B (TorchScript or ONNX).")
    List<Path> endpoints;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
            description = "Passes over --data to fit θ; 0 keeps θ = (A+B)/2. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.01", paramLabel = "LR",
            description = "Adam's learning rate for θ. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--points", defaultValue = "21", paramLabel = "N",
            description = "Values of t in [0, 1], endpoints included, where both paths are evaluated."
                    + " Default: ${DEFAULT-VALUE}.")
    int points;

    @Option(names = "--mode", defaultValue = "train", paramLabel = "train|eval",
            description = "BatchNorm during the evaluation along the paths: train recomputes the statistics on"
                    + " each batch at every t (Garipov et al.), eval uses A's running statistics."
                    + " Default: ${DEFAULT-VALUE}.")
    ModelMode mode;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda[:N]",
            description = "Where libtorch computes. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--loss", defaultValue = "cross-entropy", paramLabel = "cross-entropy|mse",
            converter = ModelOptions.LossConverter.class,
            description = "L(w) trained and reported. Default: ${DEFAULT-VALUE}.")
    Loss loss;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of the training batches and of every t drawn. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume",
            description = "Continue a killed run with the same inputs and options from its last finished epoch"
                    + " of fitting θ or evaluated point (connect.partial.json and connect.state/ in --out),"
                    + " with the numbers of an uninterrupted run.")
    boolean resume;

    /** The data, read once before any model is opened. */
    private Inputs inputs;

    @Override
    public Integer call() {
        Path a = endpoints.get(0);
        Path b = endpoints.get(1);
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            throw new ParameterException(spec.commandLine(), "A and B are the same file (" + a
                    + "): a curve needs two models; give two paths");
        }
        ConnectConfig config = new ConnectConfig(epochs, data.batchSize, lr, points, mode, seed);
        graphOutput.describe(endpoints);
        output.checkOutDirectory();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // train is connect's default: warn about it only when asked for, else just say what folding means
        boolean modeGiven = spec.commandLine().getParseResult().hasMatchedOption("--mode");
        graphOutput.noteOnStderr(err, output.quiet, modeGiven ? mode : ModelMode.EVAL);
        String startedAt = java.time.Instant.now().toString();
        inputs = Inputs.load(data, data.request(), seed);
        TrackJob.checkSeries(List.of(new dev.lla.core.generalize.Checkpoint(0, null, a),
                new dev.lla.core.generalize.Checkpoint(1, null, b)), this::open);
        BatchPlan covering = BatchPlan.covering(inputs.dataset().size(), data.batchSize);
        List<Batch> evaluation = new ArrayList<>();
        for (int i = 0; i < covering.batches(); i++) {
            evaluation.add(inputs.dataset().batch(covering, i));
        }
        ProgressListener progress = StderrProgress.forStderr(err, output.quiet);
        ConnectJob.Outcome outcome;
        Provenance provenance;
        List<FileDigest> modelFiles = List.of(FileDigest.of(a), FileDigest.of(b));
        Map<String, Object> configMap = configMap(a, b);
        String fingerprint = Fingerprint.of(configMap, modelFiles, inputs.digests());
        JsonJournal<ConnectPartial> journal = new JsonJournal<>(output.out.resolve("connect.partial.json"), resume,
                ConnectPartial.class, ConnectPartial::empty, ConnectPartial::fingerprint);
        CurveFiles state = new CurveFiles(output.out.resolve("connect.state"));
        ConnectJob job = new ConnectJob(config, progress, journal, fingerprint, state);
        // A resumed fit continues from the training model as it was saved, BatchNorm statistics and all.
        Path trainerFile = job.resumesFit() ? state.trainer() : a;
        try (TrainableModel<?> trainer = open(trainerFile); TrainableModel<?> evaluator = open(a);
                TrainableModel<?> other = open(b)) {
            outcome = job.run(trainer, evaluator, evaluator.weightsOnHost(), other.weightsOnHost(), inputs.dataset(), evaluation);
            provenance = Provenances.of(trainer, modelFiles, inputs.digests(), seed, startedAt);
        } finally {
            if (progress instanceof StderrProgress p) {
                p.finish();
            }
        }
        ConnectResult result = outcome.result();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("connect.png", ConnectPlot.png("Connecting " + a.getFileName() + " and " + b.getFileName(), result));
        files.put("connect-middle.pt", outcome.middle());
        output.publish(out, err, "connect", Document.of("connect", configMap, provenance, result, null), files,
                o -> o.printf(Locale.ROOT, "barrier: line %.6g (max at t = %.3f), curve %.6g (max at t = %.3f);"
                        + " loss A %.6g, B %.6g%n", result.line().barrier(), result.line().argmax(),
                        result.curve().barrier(), result.curve().argmax(), result.line().loss()[0],
                        result.line().loss()[result.t().length - 1]));
        journal.delete();
        state.delete();
        return ExitCodes.OK;
    }

    private TrainableModel<?> open(Path file) {
        // the saved trainer (connect.state/trainer.pt) is TorchScript of the chosen output alone
        TrainableModel<?> model = EngineWarnings.say(
                Models.open(file, device, name -> true, loss, graphOutput.outputOf(file)), spec.commandLine().getErr());
        try {
            ModelFit.check(model, inputs.dataset());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }


    private Map<String, Object> configMap(Path a, Path b) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", a.toString());
        map.put("b", b.toString());
        graphOutput.putConfig(map);
        data.putSourceConfig(map);
        data.putBatchConfig(map);
        map.put("epochs", epochs);
        map.put("optimizer", "adam");
        map.put("lr", lr);
        map.put("points", points);
        map.put("mode", mode.name().toLowerCase(Locale.ROOT));
        map.put("loss", loss.label());
        map.put("device", device);
        map.put("seed", seed);
        return map;
    }
}
