package dev.lla.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lla.core.LlaException;
import dev.lla.core.generalize.CheckpointSeries.Listed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the checkpoint list of an {@code lla train} directory's {@code train.json}. */
public final class TrainJson {

    private TrainJson() {}

    /**
     * {@code results.checkpoints} of {@code dir/train.json}: {@code [{epoch, model, moments}]} with
     * paths relative to {@code dir}; {@code null} when there is no train.json.
     *
     * @throws LlaException (input) if the file is not JSON or its checkpoints are malformed
     */
    public static List<Listed> checkpoints(Path dir) {
        Path file = dir.resolve("train.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode root;
        try {
            root = JsonDocuments.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw LlaException.input(file + ": not a readable JSON document (" + firstLine(e.getMessage()) + ")");
        }
        JsonNode checkpoints = root.path("results").path("checkpoints");
        if (checkpoints.isMissingNode()) {
            return null;
        }
        if (!checkpoints.isArray()) {
            throw LlaException.input(file + ": results.checkpoints is not a list");
        }
        List<Listed> listed = new ArrayList<>();
        for (JsonNode c : checkpoints) {
            if (!c.path("epoch").canConvertToInt() || !c.path("model").isTextual()) {
                throw LlaException.input(file + ": a checkpoint entry lacks an integer epoch or a model path: " + c);
            }
            listed.add(new Listed(c.path("epoch").asInt(), c.path("model").asText()));
        }
        return listed;
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.strip().lines().findFirst().orElse("");
    }
}
