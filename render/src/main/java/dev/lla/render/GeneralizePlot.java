package dev.lla.render;

import dev.lla.core.criteria.CriterionStats;
import dev.lla.core.generalize.Cell;
import dev.lla.core.generalize.Checkpoint;
import dev.lla.core.generalize.GeneralizeResult;
import dev.lla.core.generalize.SeriesComparison;
import dev.lla.core.generalize.SeriesComparison.Delta;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of a generalization run, after the paper's Figures 10–13: accuracy against epoch for
 * A and every B; KH05 against epoch with error bars of ± one standard deviation over batches × runs;
 * and a scatter of ΔKH05 against Δaccuracy, one point per checkpoint labelled by its epoch, with
 * the correlations in the legend. Undefined values are left out (a line breaks there).
 */
public final class GeneralizePlot {

    static final int WIDTH = 900;
    static final int HEIGHT = 600;
    private static final Color[] COLORS = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75)
    };
    private static final Color CLEAR = new Color(255, 255, 255, 0);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private GeneralizePlot() {}

    /** Accuracy against epoch (or checkpoint), one line per dataset. */
    public static byte[] accuracy(String title, GeneralizeResult result) {
        return perDataset(title, "accuracy (eval mode)", result, c -> c.evaluation().accuracy(), c -> 0, true);
    }

    /** KH05 against epoch (or checkpoint), with ± std error bars, one line per dataset. */
    public static byte[] kh05(String title, GeneralizeResult result) {
        return perDataset(title, "KH05 (mean ± std over batches × runs)", result,
                c -> kh05(c).mean(), c -> Double.isFinite(kh05(c).std()) ? kh05(c).std() : 0, false);
    }

    /** ΔKH05 against Δaccuracy, one point per checkpoint and target. */
    public static byte[] scatter(String title, GeneralizeResult result) {
        List<double[]> points = new ArrayList<>();
        for (SeriesComparison comparison : result.comparisons()) {
            for (Delta d : comparison.deltas()) {
                if (Double.isFinite(d.accuracy()) && Double.isFinite(d.kh05())) {
                    points.add(new double[] {d.accuracy(), d.kh05()});
                }
            }
        }
        double[] xRange = range(points.stream().mapToDouble(p -> p[0]).toArray(), 0.08);
        // room on the right for the labels, which start at their point (the plot clips them)
        xRange[1] += 0.15 * (xRange[1] - xRange[0]);
        double[] yRange = range(points.stream().mapToDouble(p -> p[1]).toArray(), 0.08);
        XYChart chart = chart(title, "Δaccuracy = B − A", "ΔKH05 = B − A", xRange, yRange);
        // XChart pads the axes beyond the range set, so the lines run well past it (clipped to the plot)
        double xSpan = xRange[1] - xRange[0];
        double ySpan = yRange[1] - yRange[0];
        zeroLine(chart, new double[] {xRange[0] - xSpan, xRange[1] + xSpan}, new double[] {0, 0}, yRange);
        zeroLine(chart, new double[] {0, 0}, new double[] {yRange[0] - ySpan, yRange[1] + ySpan}, xRange);
        List<ChartImage.Note> notes = new ArrayList<>();
        for (int t = 0; t < result.comparisons().size(); t++) {
            SeriesComparison comparison = result.comparisons().get(t);
            Color color = COLORS[(t + 1) % COLORS.length];
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            // checkpoints at the same point share one label, e.g. "e5, e10"
            Map<List<Double>, List<String>> labels = new LinkedHashMap<>();
            for (Delta d : comparison.deltas()) {
                if (Double.isFinite(d.accuracy()) && Double.isFinite(d.kh05())) {
                    xs.add(d.accuracy());
                    ys.add(d.kh05());
                    Checkpoint checkpoint = result.series().get(d.checkpoint());
                    String label = checkpoint.epoch() != null ? "e" + checkpoint.epoch()
                            : checkpoint.model().getFileName().toString().replaceFirst("\\.[^.]*$", "");
                    labels.computeIfAbsent(List.of(d.accuracy(), d.kh05()), k -> new ArrayList<>()).add(label);
                }
            }
            labels.forEach((point, names) -> notes.add(new ChartImage.Note(String.join(", ", names), point.get(0),
                    point.get(1), false, LABEL_FONT, color.darker())));
            SeriesComparison.CorrelationPair kh = comparison.correlations().get("KH0.5");
            String name = comparison.target() + ":  " + correlations(kh);
            if (xs.isEmpty()) {
                xs.add(Double.NaN);
                ys.add(Double.NaN);
            }
            XYSeries series = chart.addSeries(name, xs, ys);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(color);
        }
        if (points.isEmpty()) {
            notes.add(new ChartImage.Note("no checkpoint has both ΔKH05 and Δaccuracy defined",
                    (xRange[0] + xRange[1]) / 2, (yRange[0] + yRange[1]) / 2, true,
                    new Font(Font.SANS_SERIF, Font.ITALIC, 15), Color.DARK_GRAY));
        }
        return LandscapeCanvas.encode(ChartImage.render(chart, List.of(), notes));
    }

    /** {@code Pearson r = …, Spearman ρ = …} of ΔKH05 and Δaccuracy. */
    public static String correlations(SeriesComparison.CorrelationPair pair) {
        if (!pair.pearson().defined() && !pair.spearman().defined()
                && pair.pearson().undefined().equals(pair.spearman().undefined())) {
            return "correlation undefined, " + pair.pearson().undefined();
        }
        return "Pearson r = " + brief(pair.pearson()) + ",  Spearman ρ = " + brief(pair.spearman());
    }

    private static String brief(dev.lla.core.stats.Correlation c) {
        return c.defined() ? GeneralizeTable.correlation(c) : "undefined";
    }

    /** A thin grey line where a change is zero, if the range shows it. */
    private static void zeroLine(XYChart chart, double[] x, double[] y, double[] otherRange) {
        if (otherRange[0] > 0 || otherRange[1] < 0) {
            return;
        }
        XYSeries line = chart.addSeries("zero " + chart.getSeriesMap().size(), x, y);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(new Color(150, 150, 150));
        line.setLineWidth(1f);
        line.setShowInLegend(false);
    }

    private static CriterionStats kh05(Cell cell) {
        return cell.criteria().criteria().kh().get("0.5");
    }

    private static byte[] perDataset(String title, String yTitle, GeneralizeResult result,
            ToDoubleFunction<Cell> value, ToDoubleFunction<Cell> error, boolean unitRange) {
        boolean byEpoch = result.byEpoch();
        double[] x = result.series().stream().mapToDouble(c -> c.position(byEpoch)).toArray();
        List<double[]> ys = new ArrayList<>();
        List<double[]> errors = new ArrayList<>();
        List<Double> extremes = new ArrayList<>();
        for (int d = 0; d < result.datasets().size(); d++) {
            double[] y = new double[x.length];
            double[] e = new double[x.length];
            for (int c = 0; c < x.length; c++) {
                Cell cell = result.cell(c, d);
                y[c] = value.applyAsDouble(cell);
                e[c] = error.applyAsDouble(cell);
                if (Double.isFinite(y[c])) {
                    extremes.add(y[c] - e[c]);
                    extremes.add(y[c] + e[c]);
                }
            }
            ys.add(y);
            errors.add(e);
        }
        double[] yRange = unitRange ? new double[] {-0.02, 1.02}
                : range(extremes.stream().mapToDouble(Double::doubleValue).toArray(), 0.06);
        double[] xRange = range(x, 0.04);
        XYChart chart = chart(title, byEpoch ? "epoch" : "checkpoint (position in the series)", yTitle, xRange, yRange);
        for (int d = 0; d < ys.size(); d++) {
            List<Double> xs = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (int c = 0; c < x.length; c++) {
                if (Double.isFinite(ys.get(d)[c])) {
                    xs.add(x[c]);
                    y.add(ys.get(d)[c]);
                    e.add(errors.get(d)[c]);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            String name = (d == 0 ? "A: " : "B: ") + result.datasets().get(d);
            XYSeries series = unitRange ? chart.addSeries(name, xs, y) : chart.addSeries(name, xs, y, e);
            Color color = COLORS[d % COLORS.length];
            series.setLineColor(color);
            series.setMarkerColor(color);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineWidth(2f);
        }
        return LandscapeCanvas.encode(ChartImage.render(chart, List.of(), List.of()));
    }

    private static XYChart chart(String title, String xTitle, String yTitle, double[] xRange, double[] yRange) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(CLEAR);
        styler.setPlotBackgroundColor(CLEAR);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setChartTitleBoxVisible(false);
        styler.setPlotBorderColor(new Color(160, 160, 160));
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setLegendBorderColor(CLEAR);
        styler.setErrorBarsColorSeriesColor(true);
        styler.setMarkerSize(8);
        styler.setChartPadding(12);
        styler.setXAxisMin(xRange[0]);
        styler.setXAxisMax(xRange[1]);
        styler.setYAxisMin(yRange[0]);
        styler.setYAxisMax(yRange[1]);
        chart.setCustomYAxisTickLabelsFormatter(PlotNumbers.ticks(yRange[0], yRange[1]));
        chart.setCustomXAxisTickLabelsFormatter(PlotNumbers.ticks(xRange[0], xRange[1]));
        return chart;
    }

    /** {lo, hi} of the finite values, padded by {@code pad} of the span; a unit range if none. */
    private static double[] range(double[] values, double pad) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(lo <= hi)) {
            return new double[] {0, 1};
        }
        if (lo == hi) {
            double half = lo == 0 ? 0.5 : Math.abs(lo) * 0.1;
            return new double[] {lo - half, hi + half};
        }
        double margin = (hi - lo) * pad;
        return new double[] {lo - margin, hi + margin};
    }
}
