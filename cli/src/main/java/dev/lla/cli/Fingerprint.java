package dev.lla.cli;

import dev.lla.core.data.BatchPlan;
import dev.lla.core.provenance.FileDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Identifies a run's inputs and options, so that saved partial results are reused only by a run
 * that would compute exactly the same pieces.
 */
final class Fingerprint {

    private Fingerprint() {}

    static String of(Map<String, Object> config, List<FileDigest> model, List<FileDigest> data, BatchPlan plan) {
        StringBuilder text = text(config, model, data);
        for (int b = 0; b < plan.batches(); b++) {
            text.append("batch ").append(b).append(' ').append(Arrays.hashCode(plan.indices(b))).append('\n');
        }
        return sha256(text);
    }

    /** The fingerprint of a run that reads all of its data (training): options and files only. */
    static String of(Map<String, Object> config, List<FileDigest> model, List<FileDigest> data) {
        return sha256(text(config, model, data));
    }

    private static StringBuilder text(Map<String, Object> config, List<FileDigest> model, List<FileDigest> data) {
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        model.forEach(f -> text.append("model ").append(f.sha256()).append('\n'));
        data.forEach(f -> text.append("data ").append(f.sha256()).append('\n'));
        return text;
    }

    private static String sha256(CharSequence text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
