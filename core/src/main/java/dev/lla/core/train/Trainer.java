package dev.lla.core.train;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.data.Dataset;
import dev.lla.core.model.Evaluation;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.model.TrainingSession;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.VectorSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a model by minibatch gradient steps (mean cross-entropy, train mode) with an
 * {@link Optimizer} whose state stays on the device. Each epoch visits every training sample once
 * in an order drawn from {@code (seed, epoch)} alone, so a run resumed from a checkpoint computes
 * exactly what the uninterrupted run would. After every epoch the evaluation batches are scored
 * in eval mode; checkpoints (model and optimizer state) go to a {@link TrainingListener}.
 *
 * <p>Per step: one forward and backward, the optimizer's elementwise passes, and one in-place
 * write of the weights into the model; no parameter vector crosses to the host.
 */
public final class Trainer {

    private final TrainConfig config;
    private final ProgressListener progress;
    private final TrainingListener listener;

    public Trainer(TrainConfig config, ProgressListener progress, TrainingListener listener) {
        this.config = config;
        this.progress = progress;
        this.listener = listener;
    }

    /**
     * Trains {@code model} on {@code train} from {@code start} up to {@code config.epochs()}.
     *
     * @param eval the evaluation batches (empty: no evaluation)
     * @return every epoch's record, epoch 0 (the initial model) first
     * @throws LlaException (numerical) when a training loss is not finite; checkpoints already
     *     handed to the listener are the last good ones
     */
    public <V> List<EpochRecord> run(TrainableModel<V> model, Dataset train, List<Batch> eval, TrainStart start) {
        TrainingSession<V> session = model.startTraining();
        VectorSpace<V> space = model.parameterSpace();
        V weights = space.zeros();
        V gradient = space.zeros();
        try (Optimizer<V> optimizer = Optimizer.of(config.optimizer(), space, session.elementwise())) {
            model.readWeights(weights);
            if (start.optimizerState() != null) {
                optimizer.restore(start.optimizerState());
            }
            List<EpochRecord> epochs = new ArrayList<>(start.epochs());
            if (start.epoch() == 0) {
                EpochRecord initial = new EpochRecord(0, Double.NaN, Double.NaN, evaluate(model, eval), true, 0);
                epochs.add(initial);
                listener.epochFinished(initial);
                listener.checkpoint(new Checkpoint(0, session.checkpoint(), null), epochs);
            }
            int lastCheckpoint = start.epoch();
            for (int epoch = start.epoch() + 1; epoch <= config.epochs(); epoch++) {
                long started = System.nanoTime();
                double[] sums = trainEpoch(model, session, optimizer, train, epoch, lastCheckpoint, weights, gradient);
                boolean checkpoint = epoch % config.checkpointEvery() == 0 || epoch == config.epochs();
                EpochRecord record = new EpochRecord(epoch, sums[0] / sums[2], sums[1] / sums[2],
                        evaluate(model, eval), checkpoint, (System.nanoTime() - started) / 1e9);
                epochs.add(record);
                listener.epochFinished(record);
                if (checkpoint) {
                    if (!Double.isFinite(space.dot(weights, weights))) {
                        throw LlaException.numerical("after epoch " + epoch + " the weights are not finite;"
                                + " training stopped, the last checkpoint is of epoch " + lastCheckpoint);
                    }
                    listener.checkpoint(new Checkpoint(epoch, session.checkpoint(), optimizer.state()), epochs);
                    lastCheckpoint = epoch;
                }
            }
            return epochs;
        } finally {
            space.release(gradient);
            space.release(weights);
        }
    }

    /** One pass over the shuffled data; returns {sample-weighted loss sum, correct, samples}. */
    private <V> double[] trainEpoch(TrainableModel<V> model, TrainingSession<V> session, Optimizer<V> optimizer,
            Dataset train, int epoch, int lastCheckpoint, V weights, V gradient) {
        int[] order = shuffled(train.size(), Seeds.stream(config.seed(), "train-epoch", epoch));
        int steps = steps(train.size());
        double lossSum = 0;
        long correct = 0;
        long samples = 0;
        for (int b = 0; b < steps; b++) {
            int from = b * config.batchSize();
            int[] indices = Arrays.copyOfRange(order, from, Math.min(from + config.batchSize(), order.length));
            Evaluation e = session.gradient(train.batch(b, indices), gradient);
            if (!Double.isFinite(e.loss())) {
                throw LlaException.numerical("epoch " + epoch + ", step " + (b + 1) + " of " + steps
                        + ": the training loss is " + e.loss() + "; training stopped, the last checkpoint is of epoch "
                        + lastCheckpoint + " (a lower --lr may help)");
            }
            optimizer.step(weights, gradient);
            model.writeWeights(weights);
            lossSum += e.loss() * e.size();
            correct += e.correct();
            samples += e.size();
            progress.update("epoch " + epoch + "/" + config.epochs(), b + 1, steps);
        }
        return new double[] {lossSum, correct, samples};
    }

    /** Steps per epoch: full batches, plus the remainder unless it is a single sample. */
    int steps(int samples) {
        int full = samples / config.batchSize();
        int rest = samples % config.batchSize();
        return full + (rest > 1 || full == 0 ? 1 : 0);
    }

    /** A Fisher-Yates permutation of {@code 0..n-1}. */
    static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static EpochRecord.Eval evaluate(TrainableModel<?> model, List<Batch> batches) {
        if (batches.isEmpty()) {
            return null;
        }
        double lossSum = 0;
        long correct = 0;
        long samples = 0;
        for (Batch batch : batches) {
            Evaluation e = model.evaluate(batch, ModelMode.EVAL);
            lossSum += e.loss() * e.size();
            correct += e.correct();
            samples += e.size();
        }
        return new EpochRecord.Eval(lossSum / samples, (double) correct / samples);
    }
}
