package dev.lla.cli;

import dev.lla.core.train.CheckpointFiles;
import dev.lla.core.train.EpochRecord;
import dev.lla.core.train.TrainConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results section of {@code train.json} and the summary table on stdout. */
final class TrainResults {

    private TrainResults() {}

    /**
     * {@code epochs}: one entry per epoch (0 = the initial model), with the paths of its checkpoint
     * relative to --out; {@code checkpoints}: the checkpoints in epoch order.
     */
    static Map<String, Object> of(List<EpochRecord> records, TrainConfig config) {
        List<Map<String, Object>> epochs = new ArrayList<>();
        List<Map<String, Object>> checkpoints = new ArrayList<>();
        boolean adam = config.optimizer().kind() == dev.lla.core.train.OptimizerSettings.Kind.ADAM;
        for (EpochRecord r : records) {
            String model = r.checkpoint() ? CheckpointFiles.model(r.epoch()) : null;
            String state = r.checkpoint() && r.epoch() > 0
                    ? CheckpointFiles.optimizerState(r.epoch(), config.optimizer().kind()) : null;
            String moments = adam ? state : null;
            Map<String, Object> epoch = new LinkedHashMap<>();
            epoch.put("epoch", r.epoch());
            epoch.put("trainLoss", r.trainLoss());
            epoch.put("trainAccuracy", r.trainAccuracy());
            Map<String, Object> eval = null;
            if (r.eval() != null) {
                eval = new LinkedHashMap<>();
                eval.put("loss", r.eval().loss());
                eval.put("accuracy", r.eval().accuracy());
            }
            epoch.put("eval", eval);
            epoch.put("checkpoint", model);
            epoch.put("moments", moments);
            epochs.add(epoch);
            if (model != null) {
                Map<String, Object> checkpoint = new LinkedHashMap<>();
                checkpoint.put("epoch", r.epoch());
                checkpoint.put("model", model);
                checkpoint.put("moments", moments);
                checkpoint.put("optimizerState", state);
                checkpoints.add(checkpoint);
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("epochs", epochs);
        results.put("checkpoints", checkpoints);
        return results;
    }

    static void summary(PrintWriter out, List<EpochRecord> records) {
        out.println("epoch  train loss  train acc   eval loss   eval acc  checkpoint");
        for (EpochRecord r : records) {
            out.printf(Locale.ROOT, "%5d  %10s  %9s  %10s  %9s  %s%n", r.epoch(), number(r.trainLoss()),
                    number(r.trainAccuracy()), r.eval() == null ? "-" : number(r.eval().loss()),
                    r.eval() == null ? "-" : number(r.eval().accuracy()),
                    r.checkpoint() ? CheckpointFiles.model(r.epoch()) : "");
        }
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "-";
    }
}
