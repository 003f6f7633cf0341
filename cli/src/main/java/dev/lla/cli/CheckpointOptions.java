package dev.lla.cli;

import dev.lla.core.generalize.Checkpoint;
import dev.lla.core.generalize.CheckpointSeries;
import dev.lla.render.TrainJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --series DIR} or {@code --models F1,F2,...}: the checkpoint series of track and generalize. */
final class CheckpointOptions {

    @Option(names = "--series", paramLabel = "DIR",
            description = "The --out directory of lla train: the checkpoints its train.json lists, else"
                    + " checkpoints/*.pt, else *.pt, in epoch order (epoch-NNNN.pt).")
    Path series;

    @Option(names = "--models", split = ",", paramLabel = "FILE",
            description = "The checkpoints as a list of model files, in training order (instead of --series).")
    List<Path> models;

    /** The checkpoints in training order; a usage error of {@code spec} unless exactly one option is given. */
    List<Checkpoint> checkpoints(CommandSpec spec) {
        if ((series == null) == (models == null)) {
            throw new ParameterException(spec.commandLine(), series == null
                    ? "give the checkpoints: --series DIR (from lla train) or --models F1,F2,..."
                    : "--series and --models exclude each other: give one");
        }
        return series != null
                ? CheckpointSeries.ofDirectory(series, Files.isDirectory(series) ? TrainJson.checkpoints(series) : null)
                : CheckpointSeries.ofFiles(models);
    }

    /** {@code --series} for the JSON config; null with {@code --models}. */
    String seriesOrNull() {
        return series == null ? null : series.toString();
    }

    /** What tables and figures call the series: its directory's name, or "N checkpoints". */
    String title(int checkpoints) {
        return series != null ? series.getFileName().toString() : checkpoints + " checkpoints";
    }
}
