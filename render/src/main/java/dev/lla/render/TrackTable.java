package dev.lla.render;

import dev.lla.core.hesd.Localization.TensorShare;
import dev.lla.core.track.CheckpointEigen.Pair;
import dev.lla.core.track.TrackResult;
import dev.lla.core.track.TrackResult.Comparison;
import dev.lla.core.track.TrackResult.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code track.md}: eigenvalues, IPR and overlaps per checkpoint, and where the top vector lives. */
public final class TrackTable {

    private TrackTable() {}

    /** The Markdown report. */
    public static String markdown(String title, String settings, TrackResult result) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n").append(settings).append("\n\n");
        md.append(summary(result)).append('\n');
        md.append("Mass of the top eigenvector per parameter tensor (share of ‖v₁‖²):\n\n");
        md.append(massTable(result));
        return md.toString();
    }

    /** The main table: one row per checkpoint. */
    public static String summary(TrackResult result) {
        List<String> header = new ArrayList<>(List.of("checkpoint", "loss", "λ (top-k)", "IPR (top-k)",
                "overlap with previous", "best abs(cos) with previous", "overlap with last"));
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : result.checkpoints()) {
            Comparison previous = e.index() == 0 ? null : result.consecutive().get(e.index() - 1);
            rows.add(List.of(label(e), number(e.loss()),
                    join(e.pairs().stream().mapToDouble(Pair::value).toArray()),
                    join(e.pairs().stream().mapToDouble(Pair::ipr).toArray()),
                    previous == null ? "" : number(previous.overlap()),
                    previous == null ? "" : join(previous.bestCosine()),
                    number(result.toLast().get(e.index()).overlap())));
        }
        return table(header, rows);
    }

    private static String massTable(TrackResult result) {
        List<String> header = new ArrayList<>(List.of("checkpoint"));
        if (!result.checkpoints().isEmpty() && !result.checkpoints().get(0).pairs().isEmpty()) {
            result.checkpoints().get(0).pairs().get(0).tensors().forEach(t -> header.add(t.name()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : result.checkpoints()) {
            List<String> row = new ArrayList<>(List.of(label(e)));
            if (!e.pairs().isEmpty()) {
                for (TensorShare t : e.pairs().get(0).tensors()) {
                    row.add(String.format(Locale.ROOT, "%.3f", t.mass()));
                }
            }
            while (row.size() < header.size()) {
                row.add("");
            }
            rows.add(row);
        }
        return table(header, rows);
    }

    private static String label(Entry e) {
        String file = java.nio.file.Path.of(e.model()).getFileName().toString();
        return e.epoch() != null ? "epoch " + e.epoch() : file;
    }

    private static String join(double[] values) {
        List<String> parts = new ArrayList<>();
        for (double v : values) {
            parts.add(number(v));
        }
        return String.join(", ", parts);
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "undefined";
    }

    private static String table(List<String> header, List<List<String>> rows) {
        return MarkdownTable.of(header, rows, 0);
    }
}
