package dev.lla.render;

import dev.lla.core.criteria.CriteriaComparison;
import dev.lla.core.criteria.CriteriaSummary;
import dev.lla.core.criteria.CriterionStats;
import dev.lla.core.criteria.HessianCriteria;
import dev.lla.core.criteria.RunCriteria;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The Hessian criteria as figures: one panel per criterion (re, each KH_n, Ct) in a grid. The
 * figure of one analysis shows every run's value at its batch index with the mean and the band
 * mean ± std; the comparison figure shows two analyses side by side with the change Δ = B − A and
 * whether it exceeds the spread (see {@link CriteriaComparison}). Undefined values are not drawn
 * but counted in each panel's heading; a criterion undefined in every run gets a panel that says
 * so in words. Ct panels mark the spectrum-type threshold Ct = −0.6.
 */
public final class CriteriaPlot {

    private static final Color A_POINT = new Color(31, 119, 180, 185);
    private static final Color A_LINE = new Color(18, 70, 120);
    private static final Color A_BAND = new Color(31, 119, 180, 48);
    private static final Color A_EDGE = new Color(31, 119, 180, 150);
    private static final Color B_POINT = new Color(240, 118, 10, 195);
    private static final Color B_LINE = new Color(170, 75, 0);
    private static final Color B_BAND = new Color(255, 127, 14, 52);
    private static final Color B_EDGE = new Color(255, 127, 14, 160);
    private static final Color THRESHOLD = new Color(214, 39, 40);
    private static final Color CLEAR = new Color(255, 255, 255, 0);
    private static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font UNDEFINED_FONT = new Font(Font.SANS_SERIF, Font.ITALIC, 14);

    /** Half the width that the runs of one batch (or one analysis) spread over, in x units. */
    private static final double SPREAD = 0.3;
    /** Half the width of a comparison column's band. */
    private static final double COLUMN = 0.38;
    /** Values of larger magnitude are not drawn (only counted in the heading's statistics). */
    private static final double LIMIT = 1e300;

    private CriteriaPlot() {}

    /** The criteria of one analysis as PNG bytes: one panel per criterion. */
    public static byte[] png(String title, CriteriaSummary summary) {
        List<RunCriteria> runs = summary.runs();
        String xTitle = !runs.isEmpty() && runs.stream().allMatch(r -> r.batch() == null)
                ? "mean Hessian (batch 0)"
                : "batch";
        List<PanelFigure.Panel> panels = new ArrayList<>();
        panels.add(summaryPanel("re", summary.re(), runs, xTitle, List.of()));
        for (Map.Entry<String, CriterionStats> kh : summary.kh().entrySet()) {
            panels.add(summaryPanel("KH" + kh.getKey(), kh.getValue(), runs, xTitle, List.of()));
        }
        panels.add(summaryPanel("Ct", summary.ct(), runs, xTitle, List.of(PanelFigure.Line.detail(
                "spectrum type of the mean Ct: " + type(summary.spectrumType()) + runTypes(summary.spectrumTypes())))));
        List<PanelFigure.Key> legend = List.of(
                new PanelFigure.Key(PanelFigure.Symbol.POINT, A_POINT, "one run (batch × start vector)"),
                new PanelFigure.Key(PanelFigure.Symbol.LINE, A_LINE, "mean"),
                new PanelFigure.Key(PanelFigure.Symbol.BAND, A_BAND, "mean ± std"),
                new PanelFigure.Key(PanelFigure.Symbol.DASHED_LINE, THRESHOLD, "Ct = -0.6 (spectrum type)"));
        return PanelFigure.png(title, legend, panels);
    }

    /**
     * Two analyses compared as PNG bytes: one panel per row of {@code comparison}, A and B side by
     * side. {@code a} and {@code b} are the summaries that {@code comparison} was made from.
     */
    public static byte[] png(String title, String labelA, CriteriaSummary a, String labelB, CriteriaSummary b,
            CriteriaComparison comparison) {
        List<PanelFigure.Panel> panels = new ArrayList<>();
        for (CriteriaComparison.Row row : comparison.rows()) {
            panels.add(comparisonPanel(row, labelA, a, labelB, b));
        }
        if (panels.isEmpty()) {
            panels.add(new PanelFigure.Panel(List.of(PanelFigure.Line.heading("no criteria")),
                    PanelFigure.message(List.of("the comparison has no criteria to show"))));
        }
        List<PanelFigure.Key> legend = List.of(
                new PanelFigure.Key(PanelFigure.Symbol.POINT, A_POINT, "A: " + labelA),
                new PanelFigure.Key(PanelFigure.Symbol.POINT, B_POINT, "B: " + labelB),
                new PanelFigure.Key(PanelFigure.Symbol.LINE, PanelFigure.TEXT, "mean"),
                new PanelFigure.Key(PanelFigure.Symbol.BAND, new Color(0, 0, 0, 40), "mean ± std"),
                new PanelFigure.Key(PanelFigure.Symbol.DASHED_LINE, THRESHOLD, "Ct = -0.6"));
        return PanelFigure.png(title, legend, panels);
    }

    /** Writes the figure of one analysis to {@code target} atomically. */
    public static void write(Path target, String title, CriteriaSummary summary) {
        AtomicFiles.write(target, png(title, summary));
    }

    /** Writes the comparison figure to {@code target} atomically. */
    public static void write(Path target, String title, String labelA, CriteriaSummary a, String labelB,
            CriteriaSummary b, CriteriaComparison comparison) {
        AtomicFiles.write(target, png(title, labelA, a, labelB, b, comparison));
    }

    // ---- one analysis ------------------------------------------------------------------------

    private static PanelFigure.Panel summaryPanel(
            String name, CriterionStats stats, List<RunCriteria> runs, String xTitle, List<PanelFigure.Line> extra) {
        List<PanelFigure.Line> heading = new ArrayList<>();
        heading.add(PanelFigure.Line.heading(name + "    mean ± std " + meanStd(stats) + "    (" + counts(stats) + ")"));
        heading.addAll(extra);
        String reasons = reasons(stats);
        if (!reasons.isEmpty()) {
            heading.add(PanelFigure.Line.detail("undefined: " + reasons));
        }
        double[] values = stats.values();
        double[] batches = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            Integer batch = i < runs.size() ? runs.get(i).batch() : null;
            batches[i] = batch == null ? 0 : batch;
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double[] offsets = batchOffsets(batches);
        for (int i = 0; i < values.length; i++) {
            if (drawable(values[i])) {
                xs.add(batches[i] + offsets[i]);
                ys.add(values[i]);
            }
        }
        if (ys.isEmpty()) {
            return new PanelFigure.Panel(heading, PanelFigure.message(values.length == 0
                    ? List.of(name + ": no runs")
                    : stats.defined() == 0
                            ? List.of(name + " is undefined in all " + values.length + " runs", reasons)
                            : List.of(name + ": no value small enough to draw (|value| ≤ " + PlotNumbers.of(LIMIT, 1) + ")")));
        }
        boolean ct = name.equals("Ct");
        YAxis y = YAxis.of(name, ys, stats, stats, ct);
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        for (double batch : batches) {
            xMin = Math.min(xMin, batch - 0.5);
            xMax = Math.max(xMax, batch + 0.5);
        }
        XYChart chart = chart(xTitle, y, xMin, xMax, xTicks(xMin, xMax, Long::toString));
        List<ChartImage.Band> bands = new ArrayList<>();
        addSpread(chart, y, "", stats, xMin, xMax, A_LINE, A_BAND, A_EDGE, bands);
        points(chart, y, "runs", xs, ys, A_POINT);
        List<ChartImage.Note> notes = new ArrayList<>();
        if (ct) {
            threshold(chart, y, xMin, xMax, notes, "Ct = -0.6: mainly positive above, mainly negative below");
        }
        return new PanelFigure.Panel(heading, ChartImage.render(chart, bands, notes));
    }

    /**
     * Horizontal offsets that spread the runs of each batch over ±{@link #SPREAD}, in their order,
     * so that runs with similar values do not hide each other.
     */
    private static double[] batchOffsets(double[] batches) {
        Map<Double, List<Integer>> byBatch = new LinkedHashMap<>();
        for (int i = 0; i < batches.length; i++) {
            byBatch.computeIfAbsent(batches[i], k -> new ArrayList<>()).add(i);
        }
        double[] offsets = new double[batches.length];
        for (List<Integer> members : byBatch.values()) {
            for (int j = 0; j < members.size(); j++) {
                offsets[members.get(j)] = spread(j, members.size());
            }
        }
        return offsets;
    }

    // ---- two analyses ------------------------------------------------------------------------

    private static PanelFigure.Panel comparisonPanel(
            CriteriaComparison.Row row, String labelA, CriteriaSummary a, String labelB, CriteriaSummary b) {
        String name = row.criterion();
        boolean ct = name.equals("Ct");
        List<PanelFigure.Line> heading = List.of(
                PanelFigure.Line.heading(name + "    Δ = B - A = " + PlotNumbers.of(row.change(), 4)
                        + "  (z = " + PlotNumbers.of(row.z(), 3) + ")    exceeds spread: " + exceeds(row)),
                new PanelFigure.Line(side("A", labelA, row.a(), ct ? a.spectrumType() : null),
                        PanelFigure.DETAIL_FONT, A_LINE),
                new PanelFigure.Line(side("B", labelB, row.b(), ct ? b.spectrumType() : null),
                        PanelFigure.DETAIL_FONT, B_LINE));
        List<Double> ax = new ArrayList<>();
        List<Double> ay = new ArrayList<>();
        List<Double> bx = new ArrayList<>();
        List<Double> by = new ArrayList<>();
        column(row.a().values(), 0, ax, ay);
        column(row.b().values(), 1, bx, by);
        if (ay.isEmpty() && by.isEmpty()) {
            return new PanelFigure.Panel(heading, PanelFigure.message(List.of(
                    name + ": nothing to draw in A or B",
                    "A: " + nothingDrawn(row.a()) + "    B: " + nothingDrawn(row.b()))));
        }
        List<Double> all = new ArrayList<>(ay);
        all.addAll(by);
        YAxis y = YAxis.of(name, all, row.a(), row.b(), ct);
        double xMin = -0.6;
        double xMax = 1.6;
        String shortA = shorten(labelA);
        String shortB = shorten(labelB);
        XYChart chart = chart("", y, xMin, xMax, xTicks(xMin, xMax,
                column -> column == 0 ? "A: " + shortA : column == 1 ? "B: " + shortB : Long.toString(column)));
        chart.getStyler().setXAxisTitleVisible(false);
        List<ChartImage.Band> bands = new ArrayList<>();
        List<ChartImage.Note> notes = new ArrayList<>();
        addSpread(chart, y, "A ", row.a(), -COLUMN, COLUMN, A_LINE, A_BAND, A_EDGE, bands);
        addSpread(chart, y, "B ", row.b(), 1 - COLUMN, 1 + COLUMN, B_LINE, B_BAND, B_EDGE, bands);
        points(chart, y, "A", ax, ay, A_POINT);
        points(chart, y, "B", bx, by, B_POINT);
        double middle = y.min() / 2 + y.max() / 2;
        if (ay.isEmpty()) {
            notes.add(new ChartImage.Note(nothingDrawn(row.a()), 0, middle, true, UNDEFINED_FONT, A_LINE));
        }
        if (by.isEmpty()) {
            notes.add(new ChartImage.Note(nothingDrawn(row.b()), 1, middle, true, UNDEFINED_FONT, B_LINE));
        }
        if (ct) {
            threshold(chart, y, xMin, xMax, notes, "Ct = -0.6");
        }
        return new PanelFigure.Panel(heading, ChartImage.render(chart, bands, notes));
    }

    /** The finite values at x = {@code column}, spread over ±{@link #SPREAD} in their order. */
    private static void column(double[] values, double column, List<Double> xs, List<Double> ys) {
        for (int i = 0; i < values.length; i++) {
            if (drawable(values[i])) {
                xs.add(column + spread(i, values.length));
                ys.add(values[i]);
            }
        }
    }

    /** One analysis in a comparison panel: "A  init:  0.952 ± 0.029   (40 defined, 0 undefined)". */
    private static String side(String letter, String label, CriterionStats stats, String spectrumType) {
        List<String> why = new ArrayList<>(stats.reasons().keySet());
        if (stats.undefined() > stats.reasons().values().stream().mapToInt(Integer::intValue).sum()) {
            why.add("not finite");
        }
        return letter + "  " + label + ":  "
                + (stats.defined() == 0 ? "undefined" : PlotNumbers.meanStd(stats.mean(), stats.std()))
                + (spectrumType == null ? "" : ", " + spectrumType)
                + "   (" + counts(stats) + (why.isEmpty() ? "" : ": " + String.join(", ", why)) + ")";
    }

    /** "yes" or "no", or "n/a" where the change or a spread is not a number (fewer than two values). */
    private static String exceeds(CriteriaComparison.Row row) {
        boolean known = Double.isFinite(row.change()) && Double.isFinite(row.a().std()) && Double.isFinite(row.b().std());
        return known ? (row.exceedsSpread() ? "yes" : "no") : PlotNumbers.NOT_AVAILABLE;
    }

    /** Why a column has no points. */
    private static String nothingDrawn(CriterionStats stats) {
        if (stats.values().length == 0) {
            return "no runs";
        }
        return stats.defined() == 0 ? "all undefined" : "too large to draw";
    }

    /** A label short enough for an axis tick. */
    private static String shorten(String label) {
        return label.length() <= 28 ? label : label.substring(0, 27) + "…";
    }

    // ---- shared parts ------------------------------------------------------------------------

    private static XYChart chart(
            String xTitle, YAxis y, double xMin, double xMax, Function<Double, String> xTicks) {
        XYChart chart = new XYChartBuilder()
                .width(PanelFigure.BODY_WIDTH)
                .height(PanelFigure.BODY_HEIGHT)
                .xAxisTitle(xTitle)
                .yAxisTitle(y.title())
                .build();
        XYStyler styler = chart.getStyler();
        styler.setChartTitleVisible(false);
        styler.setLegendVisible(false);
        styler.setChartBackgroundColor(CLEAR);
        styler.setPlotBackgroundColor(CLEAR);
        styler.setPlotBorderColor(new Color(160, 160, 160));
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAxisTickLabelsColor(PanelFigure.TEXT);
        styler.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        styler.setChartPadding(8);
        styler.setPlotMargin(0);
        styler.setMarkerSize(8);
        styler.setXAxisMin(xMin);
        styler.setXAxisMax(xMax);
        styler.setYAxisMin(y.min());
        styler.setYAxisMax(y.max());
        chart.setCustomXAxisTickLabelsFormatter(xTicks);
        chart.setCustomYAxisTickLabelsFormatter(PlotNumbers.ticks(y.min(), y.max()));
        // An invisible series spanning the axis: when all drawn values are equal, XChart ignores
        // the axis range set above and labels only the value and the ends, at odd positions.
        XYSeries range = chart.addSeries("axis range", new double[] {xMin, xMin}, new double[] {y.min(), y.max()});
        range.setMarker(SeriesMarkers.NONE);
        range.setLineColor(CLEAR);
        return chart;
    }

    private static void points(XYChart chart, YAxis y, String name, List<Double> xs, List<Double> ys, Color color) {
        if (ys.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, xs, ys.stream().map(y::at).toList());
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setMarkerColor(color);
    }

    /**
     * The mean as a line from {@code x0} to {@code x1}, and mean ± std as a shaded band with
     * dashed edges; each only where its numbers are finite.
     */
    private static void addSpread(XYChart chart, YAxis y, String prefix, CriterionStats stats, double x0, double x1,
            Color line, Color band, Color edge, List<ChartImage.Band> bands) {
        double mean = stats.mean();
        double std = stats.std();
        if (!drawable(mean)) {
            return;
        }
        if (Double.isFinite(std) && std > 0 && drawable(mean - std) && drawable(mean + std)) {
            bands.add(new ChartImage.Band(x0, x1, y.at(mean - std), y.at(mean + std), band));
            horizontal(chart, prefix + "mean - std", x0, x1, y.at(mean - std), edge, PanelFigure.dashed(1f));
            horizontal(chart, prefix + "mean + std", x0, x1, y.at(mean + std), edge, PanelFigure.dashed(1f));
        }
        horizontal(chart, prefix + "mean", x0, x1, y.at(mean), line, new BasicStroke(2.5f));
    }

    private static void threshold(
            XYChart chart, YAxis y, double x0, double x1, List<ChartImage.Note> notes, String label) {
        double ct = y.at(HessianCriteria.MAINLY_POSITIVE_CT);
        horizontal(chart, "threshold", x0, x1, ct, THRESHOLD, PanelFigure.dashed(1.8f));
        notes.add(new ChartImage.Note(label, x0, ct, false, NOTE_FONT, THRESHOLD));
    }

    private static void horizontal(XYChart chart, String name, double x0, double x1, double y, Color color,
            BasicStroke stroke) {
        XYSeries series = chart.addSeries(name, new double[] {x0, x1}, new double[] {y, y});
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(stroke);
    }

    /** Offset of the {@code j}-th of {@code n} points spread evenly over ±{@link #SPREAD}. */
    private static double spread(int j, int n) {
        return n <= 1 ? 0 : -SPREAD + 2 * SPREAD * j / (n - 1);
    }

    /**
     * Labels for x ticks at whole numbers only, {@code label} giving each a distinct text.
     *
     * <p>XChart 3.8.8 widens the tick step until every tick label, including those of the ticks it
     * computes just beyond the axis, is distinct, and draws no ticks at all when the two axis ends
     * have the same label (its issue #792). Ticks between whole numbers get one of two blank labels,
     * one for each half of the axis: the ends then differ, fractional steps never give distinct
     * labels, and the step grows to a whole number, whose labels are distinct.
     */
    static Function<Double, String> xTicks(double xMin, double xMax, LongFunction<String> label) {
        double middle = xMin / 2 + xMax / 2;
        return v -> {
            long whole = Math.round(v);
            if (Math.abs(v - whole) < 1e-9) {
                return label.apply(whole);
            }
            return v < middle ? " " : "  "; // never empty: XChart cannot lay out an empty label
        };
    }

    /**
     * The y axis of a panel: every drawn value, each mean ± std and, for Ct, the threshold, padded
     * by 8 %. Values of magnitude below 1e-4 or from 1e6 are drawn divided by a power of ten that
     * the axis title names ("re (×1e-11)"), so that the tick labels stay plain numbers and XChart,
     * which cannot lay out spans much below 1e-10, is never given one.
     *
     * @param min the lower end, in drawn (scaled) units
     * @param max the upper end, in drawn units
     * @param exponent values are drawn divided by 10^exponent
     */
    record YAxis(String title, double min, double max, int exponent) {

        /** The axis for {@code values} (at least one drawable) and the statistics of a and b. */
        static YAxis of(String name, List<Double> values, CriterionStats a, CriterionStats b, boolean ct) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            List<Double> candidates = new ArrayList<>(values);
            for (CriterionStats stats : List.of(a, b)) {
                candidates.add(stats.mean() - stats.std());
                candidates.add(stats.mean() + stats.std());
                candidates.add(stats.mean());
            }
            if (ct) {
                candidates.add(HessianCriteria.MAINLY_POSITIVE_CT);
            }
            for (double v : candidates) {
                if (drawable(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
            int exponent = magnitude >= 1e6 || (magnitude > 0 && magnitude < 1e-4)
                    ? Math.max(-300, (int) Math.floor(Math.log10(magnitude)))
                    : 0;
            double scale = Math.pow(10, exponent);
            lo /= scale;
            hi /= scale;
            magnitude /= scale;
            // flat data: a span of 2 % of their magnitude
            double minSpan = magnitude == 0 ? 1 : Math.max(magnitude * 0.02, 1e-6);
            if (!(hi - lo >= minSpan)) {
                double centre = lo / 2 + hi / 2;
                lo = centre - minSpan / 2;
                hi = centre + minSpan / 2;
            }
            double pad = 0.08 * (hi - lo);
            String title = exponent == 0 ? name : name + "  (×1e" + exponent + ")";
            return new YAxis(title, lo - pad, hi + pad, exponent);
        }

        /** {@code v} in drawn units. */
        double at(double v) {
            return exponent == 0 ? v : v / Math.pow(10, exponent);
        }
    }

    /** "= mean ± std", or ": undefined" when no value is defined. */
    private static String meanStd(CriterionStats stats) {
        return stats.defined() == 0 ? ": undefined" : "= " + PlotNumbers.meanStd(stats.mean(), stats.std());
    }

    /**
     * Whether a value can be placed on an axis: XChart computes with differences of values, which
     * overflow for magnitudes near {@link Double#MAX_VALUE}.
     */
    private static boolean drawable(double v) {
        return Double.isFinite(v) && Math.abs(v) <= LIMIT;
    }

    private static String counts(CriterionStats stats) {
        return stats.defined() + " defined, " + stats.undefined() + " undefined";
    }

    /**
     * The reasons for undefined values with their counts; values that are undefined for no given
     * reason (infinite ones) are counted as "not finite".
     */
    private static String reasons(CriterionStats stats) {
        List<String> parts = new ArrayList<>();
        int explained = 0;
        for (Map.Entry<String, Integer> reason : stats.reasons().entrySet()) {
            parts.add(reason.getKey() + " (" + reason.getValue() + ")");
            explained += reason.getValue();
        }
        if (stats.undefined() > explained) {
            parts.add("not finite (" + (stats.undefined() - explained) + ")");
        }
        return String.join("; ", parts);
    }

    private static String type(String spectrumType) {
        return spectrumType == null ? "undefined" : spectrumType;
    }

    private static String runTypes(Map<String, Integer> types) {
        if (types.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        types.forEach((type, count) -> parts.add(count + " " + type));
        return "    runs: " + String.join(", ", parts);
    }
}
