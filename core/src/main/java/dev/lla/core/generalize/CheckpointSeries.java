package dev.lla.core.generalize;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models of a generalization experiment, in training order: an explicit list, or a
 * directory written by {@code lla train} (the checkpoints its {@code train.json} lists, else every
 * {@code checkpoints/*.pt}, else every {@code *.pt} in it, sorted by the epoch in
 * {@code epoch-NNNN.pt}).
 */
public final class CheckpointSeries {

    private static final Pattern EPOCH = Pattern.compile("epoch-(\\d+)\\.[^.]+$");

    private CheckpointSeries() {}

    /** A checkpoint that {@code train.json} lists: its epoch and its path relative to the directory. */
    public record Listed(int epoch, String model) {}

    /**
     * The given files in the given order.
     *
     * @throws LlaException (input) if a file is missing or a directory
     */
    public static List<Checkpoint> ofFiles(List<Path> files) {
        if (files.isEmpty()) {
            throw LlaException.usage("--models needs at least one model file");
        }
        List<Checkpoint> series = new ArrayList<>();
        for (Path file : files) {
            requireFile(file, "model");
            series.add(new Checkpoint(series.size(), epochOf(file), file));
        }
        return List.copyOf(series);
    }

    /**
     * The series in {@code dir}: {@code listed} (from its train.json) when not null, else the
     * {@code .pt} files found.
     *
     * @throws LlaException (input) if the directory is missing, lists a file that is not there, or
     *     holds no checkpoint
     */
    public static List<Checkpoint> ofDirectory(Path dir, List<Listed> listed) {
        if (!Files.isDirectory(dir)) {
            throw LlaException.input(dir + ": no such directory; --series takes the --out directory of"
                    + " lla train, or use --models F1,F2,...");
        }
        List<Checkpoint> series = new ArrayList<>();
        if (listed != null && !listed.isEmpty()) {
            List<Listed> sorted = listed.stream().sorted(Comparator.comparingInt(Listed::epoch)).toList();
            for (Listed l : sorted) {
                Path file = dir.resolve(l.model());
                requireFile(file, "checkpoint listed in train.json");
                series.add(new Checkpoint(series.size(), l.epoch(), file));
            }
            return List.copyOf(series);
        }
        List<Path> files = modelFiles(dir.resolve("checkpoints"));
        if (files.isEmpty()) {
            files = modelFiles(dir);
        }
        if (files.isEmpty()) {
            throw LlaException.input(dir + ": no checkpoints: expected a train.json listing them,"
                    + " checkpoints/*.pt or *.pt files (as lla train writes)");
        }
        boolean allNumbered = files.stream().allMatch(f -> epochOf(f) != null);
        Comparator<Path> order = allNumbered
                ? Comparator.comparing(CheckpointSeries::epochOf)
                : Comparator.comparing(f -> f.getFileName().toString());
        for (Path file : files.stream().sorted(order).toList()) {
            series.add(new Checkpoint(series.size(), epochOf(file), file));
        }
        return List.copyOf(series);
    }

    /** The epoch in a name like {@code epoch-0005.pt}, or null. */
    public static Integer epochOf(Path file) {
        Matcher m = EPOCH.matcher(file.getFileName().toString());
        if (!m.find()) {
            return null;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return null; // more digits than an int holds: not an epoch number
        }
    }

    private static List<Path> modelFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".pt"))
                    .toList();
        } catch (IOException e) {
            throw LlaException.input(dir + ": cannot list the checkpoints (" + e.getMessage() + ")", e);
        }
    }

    private static void requireFile(Path file, String what) {
        if (!Files.exists(file)) {
            throw LlaException.input(file + ": no such " + what + " file");
        }
        if (Files.isDirectory(file)) {
            throw LlaException.input(file + ": is a directory; expected a TorchScript " + what + " file");
        }
    }
}
