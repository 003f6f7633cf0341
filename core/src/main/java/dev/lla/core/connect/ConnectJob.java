package dev.lla.core.connect;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.Dataset;
import dev.lla.core.journal.Journal;
import dev.lla.core.model.Evaluation;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.model.TrainingSession;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.VectorSpace;
import dev.lla.core.train.Optimizer;
import dev.lla.core.train.OptimizerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mode connectivity between two models A and B (Garipov et al. 2018, "Loss Surfaces, Mode
 * Connectivity, and Fast Ensembling of DNNs"): the quadratic Bezier curve {@code φ(t) = (1−t)²A +
 * 2t(1−t)θ + t²B} whose middle point θ minimizes the expected loss {@code E_{t~U(0,1)} L(φ(t))},
 * fitted by Adam from θ = (A+B)/2 with one t drawn per step ({@code ∂L(φ(t))/∂θ = 2t(1−t)·∇L(φ(t))}),
 * and the loss and accuracy along it and along the straight line.
 *
 * <p>Training runs in train mode (BatchNorm on batch statistics, as Garipov et al. train the
 * curve); evaluation in the configured mode on a separate copy of A, so that eval mode uses A's
 * own running statistics at every t. Cost: {@code epochs × n/batchSize} gradients and {@code 2 ×
 * points × evaluation batches} forward passes; memory: five P-vectors.
 */
public final class ConnectJob {

    private final ConnectConfig config;
    private final ProgressListener progress;
    private final Journal<ConnectPartial> journal;
    private final String fingerprint;
    private final CurveStore store;
    /** What the journal held before the run: read once, as both resumesFit and run need it. */
    private ConnectPartial journaled;

    /** A job that journals nothing. */
    public ConnectJob(ConnectConfig config, ProgressListener progress) {
        this(config, progress, Journal.none(ConnectPartial::empty), "", CurveStore.memory());
    }

    /**
     * A job that journals each epoch of fitting θ (its state in {@code store}) and each evaluated
     * point under {@code fingerprint}, and continues from what {@code journal} holds.
     */
    public ConnectJob(ConnectConfig config, ProgressListener progress, Journal<ConnectPartial> journal,
            String fingerprint, CurveStore store) {
        this.config = config;
        this.progress = progress;
        this.journal = journal;
        this.fingerprint = fingerprint;
        this.store = store;
    }

    /**
     * Whether the journal holds finished epochs of the fit, so that the trainer must be opened from
     * the store's last checkpoint rather than from A.
     */
    public boolean resumesFit() {
        return !finished().trainLoss().isEmpty();
    }

    /** θ and the paths' evaluation. */
    public record Outcome(ConnectResult result, byte[] middle) {}

    /**
     * Fits θ on {@code train} with {@code trainer} (a model opened from A, or on a resume from the
     * trainer checkpoint the store saved last; it is trained and its weights end at θ) and
     * evaluates both paths on {@code evaluation} with {@code evaluator} (a second model opened from
     * A). {@code a} and {@code b} are the endpoints' weights, flat. A job runs once.
     */
    public <V, W> Outcome run(TrainableModel<V> trainer, TrainableModel<W> evaluator, float[] a, float[] b,
            Dataset train, List<Batch> evaluation) {
        ConnectPartial done = finished();
        int epochsDone = done.trainLoss().size();
        float[] theta = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            theta[i] = (a[i] + b[i]) / 2;
        }
        CurveStore.Saved saved = null;
        if (epochsDone > 0) {
            saved = store.load().filter(s -> s.epochs() == epochsDone).orElseThrow(() -> LlaException.input(
                    "the journal has " + epochsDone + " epochs of the curve but their saved state is missing;"
                            + " rerun without --resume to start over"));
            theta = saved.theta();
        }
        List<Double> trainLoss = new ArrayList<>(done.trainLoss());
        long steps = done.steps();
        byte[] middle;
        TrainingSession<V> session = trainer.startTraining();
        VectorSpace<V> space = trainer.parameterSpace();
        V va = toDevice(trainer, a);
        V vb = toDevice(trainer, b);
        V vt = toDevice(trainer, theta);
        V w = space.zeros();
        V g = space.zeros();
        OptimizerSettings adam = new OptimizerSettings(OptimizerSettings.Kind.ADAM, config.lr(), 0.9, 0.999, 1e-8,
                0, 0);
        try (Optimizer<V> optimizer = Optimizer.of(adam, space, session.elementwise())) {
            if (saved != null) {
                optimizer.restore(saved.adam());
            }
            int perEpoch = Math.max(1, train.size() / config.batchSize());
            SplittableRandom tRandom = Seeds.stream(config.seed(), "connect-t");
            for (long skip = (long) epochsDone * perEpoch; skip > 0; skip--) {
                tRandom.nextDouble(); // the t the finished epochs drew
            }
            for (int epoch = epochsDone; epoch < config.epochs(); epoch++) {
                BatchPlan plan = BatchPlan.random(train.size(), Math.min(config.batchSize(), train.size()), perEpoch,
                        Seeds.stream(config.seed(), "connect-batches", epoch).nextLong());
                double sum = 0;
                for (int s = 0; s < perEpoch; s++) {
                    progress.update("fitting the curve (" + config.epochs() + " epochs), step", (long) epoch * perEpoch + s,
                            (long) config.epochs() * perEpoch);
                    double t = tRandom.nextDouble();
                    bezier(space, t, va, vt, vb, w);
                    trainer.writeWeights(w);
                    Evaluation e = session.gradient(train.batch(plan, s), g);
                    sum += e.loss();
                    space.scale(2 * t * (1 - t), g);
                    optimizer.step(vt, g);
                    steps++;
                }
                trainLoss.add(sum / perEpoch);
                trainer.writeWeights(vt);
                store.save(epoch + 1, trainer.tensorwise().toFloats(vt), optimizer.state(), session.checkpoint());
                journal.record(new ConnectPartial(fingerprint, trainLoss, steps, List.of()));
            }
            trainer.writeWeights(vt);
            middle = session.checkpoint();
            theta = trainer.tensorwise().toFloats(vt);
        } finally {
            space.release(va);
            space.release(vb);
            space.release(vt);
            space.release(w);
            space.release(g);
        }
        ConnectResult result = evaluate(evaluator, a, b, theta, evaluation, trainLoss, steps, done.points());
        return new Outcome(result, middle);
    }

    private ConnectPartial finished() {
        if (journaled == null) {
            journaled = journal.finished(fingerprint);
        }
        return journaled;
    }

    private <W> ConnectResult evaluate(TrainableModel<W> model, float[] a, float[] b, float[] theta,
            List<Batch> evaluation, List<Double> trainLoss, long steps, List<double[]> finished) {
        VectorSpace<W> space = model.parameterSpace();
        V2<W> v = new V2<>(toDevice(model, a), toDevice(model, b), toDevice(model, theta), space.zeros());
        int n = config.points();
        double[] t = new double[n];
        double[][] line = new double[2][n];
        double[][] curve = new double[2][n];
        List<double[]> points = new ArrayList<>(finished);
        try {
            for (int i = 0; i < n; i++) {
                t[i] = (double) i / (n - 1);
                if (i < finished.size()) {
                    double[] p = finished.get(i);
                    line[0][i] = p[0];
                    line[1][i] = p[1];
                    curve[0][i] = p[2];
                    curve[1][i] = p[3];
                    continue;
                }
                progress.update("evaluating the paths", i, n);
                space.copy(v.a, v.w);
                space.scale(1 - t[i], v.w);
                space.axpy(t[i], v.b, v.w);
                evaluateAt(model, v.w, evaluation, line, i);
                bezier(space, t[i], v.a, v.theta, v.b, v.w);
                evaluateAt(model, v.w, evaluation, curve, i);
                points.add(new double[] {line[0][i], line[1][i], curve[0][i], curve[1][i]});
                journal.record(new ConnectPartial(fingerprint, trainLoss, steps, points));
            }
            progress.update("evaluating the paths", n, n);
        } finally {
            space.release(v.a);
            space.release(v.b);
            space.release(v.theta);
            space.release(v.w);
            model.restoreBuffers();
        }
        return new ConnectResult(t, ConnectResult.PathLoss.of(t, line[0], line[1]),
                ConnectResult.PathLoss.of(t, curve[0], curve[1]), trainLoss, steps);
    }

    private record V2<W>(W a, W b, W theta, W w) {}

    private <W> void evaluateAt(TrainableModel<W> model, W weights, List<Batch> evaluation, double[][] out, int i) {
        model.writeWeights(weights);
        double loss = 0;
        long correct = 0;
        long samples = 0;
        for (Batch batch : evaluation) {
            Evaluation e = model.evaluate(batch, config.mode());
            loss += e.loss() * e.size();
            correct += e.correct();
            samples += e.size();
        }
        if (config.mode() == ModelMode.TRAIN) {
            model.restoreBuffers();
        }
        out[0][i] = loss / samples;
        out[1][i] = (double) correct / samples;
    }

    /** {@code w = (1−t)²a + 2t(1−t)θ + t²b}. */
    private static <V> void bezier(VectorSpace<V> space, double t, V a, V theta, V b, V w) {
        space.copy(a, w);
        space.scale((1 - t) * (1 - t), w);
        space.axpy(2 * t * (1 - t), theta, w);
        space.axpy(t * t, b, w);
    }

    private static <V> V toDevice(TrainableModel<V> model, float[] values) {
        return dev.lla.core.model.ParameterArrays.toDevice(model.parameterSpace(), model.tensorwise(), values);
    }
}
