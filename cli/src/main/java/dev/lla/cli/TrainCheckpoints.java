package dev.lla.cli;

import dev.lla.core.model.ParameterInfo;
import dev.lla.core.train.Checkpoint;
import dev.lla.core.train.CheckpointFiles;
import dev.lla.core.train.EpochRecord;
import dev.lla.core.train.OptimizerSettings;
import dev.lla.core.train.OptimizerStateFile;
import dev.lla.core.train.TrainPartial;
import dev.lla.core.train.TrainingListener;
import dev.lla.render.AtomicFiles;
import dev.lla.render.JsonJournal;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a training run's checkpoints under {@code --out} as they come (model and optimizer state
 * together, whole or not at all), then records them in the journal that {@code --resume} reads,
 * and says one line per epoch on stderr.
 */
final class TrainCheckpoints implements TrainingListener {

    private final Path out;
    private final OptimizerSettings.Kind optimizer;
    private final List<ParameterInfo> parameters;
    private final JsonJournal<TrainPartial> journal;
    private final String fingerprint;
    private final int epochs;
    private final PrintWriter err;
    private final boolean quiet;
    private final Runnable clearProgress;
    private final List<Integer> written;

    TrainCheckpoints(Path out, OptimizerSettings.Kind optimizer, List<ParameterInfo> parameters,
            JsonJournal<TrainPartial> journal, String fingerprint, List<Integer> written, int epochs,
            PrintWriter err, boolean quiet, Runnable clearProgress) {
        this.out = out;
        this.optimizer = optimizer;
        this.parameters = parameters;
        this.journal = journal;
        this.fingerprint = fingerprint;
        this.written = new ArrayList<>(written);
        this.epochs = epochs;
        this.err = err;
        this.quiet = quiet;
        this.clearProgress = clearProgress;
    }

    @Override
    public void epochFinished(EpochRecord e) {
        if (quiet) {
            return;
        }
        clearProgress.run();
        String eval = e.eval() == null ? ""
                : String.format(Locale.ROOT, "  eval loss %.4f acc %.4f", e.eval().loss(), e.eval().accuracy());
        if (e.epoch() == 0) {
            err.println("epoch 0 (initial model)" + (eval.isEmpty() ? "" : ":" + eval));
        } else {
            err.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.4f%s  [%.1fs]%n", e.epoch(), epochs,
                    e.trainLoss(), e.trainAccuracy(), eval, e.seconds());
        }
        err.flush();
    }

    @Override
    public void checkpoint(Checkpoint checkpoint, List<EpochRecord> soFar) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(out.resolve(CheckpointFiles.model(checkpoint.epoch())), checkpoint.model());
        if (checkpoint.optimizerState() != null) {
            files.put(out.resolve(CheckpointFiles.optimizerState(checkpoint.epoch(), optimizer)),
                    OptimizerStateFile.toNpz(checkpoint.optimizerState(), parameters));
        }
        AtomicFiles.writeAll(files);
        written.add(checkpoint.epoch());
        // Only now may a resumed run start from it: the files above are complete.
        journal.record(new TrainPartial(fingerprint, soFar, written));
    }

    /** The epochs checkpointed so far, ascending. */
    List<Integer> written() {
        return List.copyOf(written);
    }
}
