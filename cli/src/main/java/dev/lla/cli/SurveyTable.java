package dev.lla.cli;

import dev.lla.core.landscape.Explosion;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.LandscapeSurvey;
import dev.lla.core.landscape.SurveyRegime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The survey's results: per regime the origin, the explosion statistics and the loss range (JSON),
 * and the explosion table in Markdown, laid out as the paper's Table 1 (rows: normalization;
 * columns: BatchNorm mode × axes).
 */
final class SurveyTable {

    private final List<LandscapeSurvey.Entry> entries;
    private final double factor;

    SurveyTable(List<LandscapeSurvey.Entry> entries, double factor) {
        this.entries = entries;
        this.factor = factor;
    }

    Map<String, Object> results() {
        LandscapeResult first = entries.get(0).result();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("x", first.x());
        results.put("y", first.y());
        results.put("samplesPerPoint", first.samples());
        List<Map<String, Object>> regimes = new ArrayList<>();
        for (LandscapeSurvey.Entry e : entries) {
            LandscapeResult r = e.result();
            Map<String, Object> regime = new LinkedHashMap<>();
            regime.put("mode", e.regime().modeLabel());
            regime.put("axes", e.regime().axesLabel());
            regime.put("normalization", e.regime().normalization().label());
            regime.put("originLoss", r.originLoss());
            regime.put("originAccuracy", r.originAccuracy());
            regime.put("explosion", r.explosion());
            double[] range = range(r.loss());
            regime.put("lossRange", Map.of("min", range[0], "max", range[1]));
            regime.put("norms", new double[] {r.norm1(), r.norm2()});
            regime.put("cosine", r.cosine());
            regime.put("loss", r.loss());
            regime.put("accuracy", r.accuracy());
            regimes.add(regime);
        }
        results.put("regimes", regimes);
        return results;
    }

    String markdown(String modelName, int steps, double dist, long samples, long seed) {
        StringBuilder md = new StringBuilder();
        md.append("# Value-explosion survey: ").append(modelName).append("\n\n");
        md.append(String.format(Locale.ROOT, "A point explodes when its loss is not finite or above %s × the origin's."
                + " Cells: exploded (fraction of grid points, largest loss / origin loss) or not (largest ratio)."
                + " %d × %d grid, dist %s, %d samples per point, seed %d.%n%n",
                factor == Math.rint(factor) ? String.valueOf((long) factor) : number(factor), steps + 1, steps + 1, number(dist), samples, seed));
        md.append("| normalization | train, random | train, hessian | eval, random | eval, hessian |\n");
        md.append("|---|---|---|---|---|\n");
        int rows = SurveyRegime.NORMALIZATIONS.size();
        for (int row = 0; row < rows; row++) {
            md.append("| ").append(SurveyRegime.NORMALIZATIONS.get(row).label());
            for (int column = 0; column < 4; column++) {
                md.append(" | ").append(cell(entries.get(column * rows + row).result().explosion()));
            }
            md.append(" |\n");
        }
        md.append("\n| regime | origin loss | loss range |\n|---|---|---|\n");
        for (LandscapeSurvey.Entry e : entries) {
            double[] range = range(e.result().loss());
            md.append(String.format(Locale.ROOT, "| %s | %.4g | %.4g .. %.4g |%n", e.regime().label(),
                    e.result().originLoss(), range[0], range[1]));
        }
        return md.toString();
    }

    /** "yes (37%, ×2.1e4)", with the count of non-finite points if any, or "no (×12)". */
    static String cell(Explosion e) {
        String ratio = "×" + number(e.maxRatio());
        String nonFinite = e.nonFinite() > 0 ? ", " + e.nonFinite() + " non-finite" : "";
        return e.detected() ? "yes (" + percent(e.fraction()) + ", " + ratio + nonFinite + ")" : "no (" + ratio + ")";
    }

    static String percent(double fraction) {
        double p = 100 * fraction;
        return p >= 1 || p == 0 ? String.format(Locale.ROOT, "%.0f%%", p) : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** About three significant digits; from 1000 on as 2.1e4 rather than 2.1e+04. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%.2g", v).replace("e+0", "e").replace("e+", "e");
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains(".") && !s.contains("e") ? s.replaceAll("\\.?0+$", "") : s;
    }

    private static double[] range(double[][] grid) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : grid) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new double[] {min, max} : new double[] {Double.NaN, Double.NaN};
    }
}
