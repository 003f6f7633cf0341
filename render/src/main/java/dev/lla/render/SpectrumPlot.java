package dev.lla.render;

import dev.lla.core.spectrum.Density;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The Hessian eigenvalue spectral density on a log scale, with the largest and the most negative
 * eigenvalues marked by vertical lines.
 */
public final class SpectrumPlot {

    /** Densities below this are drawn at it: the log axis cannot show zero. */
    static final double FLOOR = 1e-10;

    private static final Color DENSITY = new Color(31, 119, 180);
    private static final Color TOP = new Color(214, 39, 40);
    private static final Color MIN = new Color(44, 160, 44);

    private SpectrumPlot() {}

    /** Renders the chart as PNG bytes. {@code topEigenvalues} descending; NaN values are skipped. */
    public static byte[] png(String title, Density density, double[] topEigenvalues, double minEigenvalue) {
        double[] y = new double[density.values().length];
        double peak = FLOOR;
        for (int i = 0; i < y.length; i++) {
            double v = density.values()[i];
            y[i] = Double.isFinite(v) ? Math.max(v, FLOOR) : FLOOR;
            peak = Math.max(peak, y[i]);
        }
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title(title)
                .xAxisTitle("eigenvalue")
                .yAxisTitle("density (log scale)")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(FLOOR);
        chart.getStyler().setYAxisMax(peak * 10);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getStyler().setXAxisDecimalPattern(axisPattern(density.grid()));

        XYSeries curve = chart.addSeries("density", density.grid(), y);
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineColor(DENSITY);
        curve.setLineStyle(new BasicStroke(1.6f));

        for (int i = 0; i < topEigenvalues.length; i++) {
            if (Double.isFinite(topEigenvalues[i])) {
                marker(chart, String.format(Locale.ROOT, "λ%d = %.4g", i + 1, topEigenvalues[i]),
                        topEigenvalues[i], peak, TOP, i);
            }
        }
        if (Double.isFinite(minEigenvalue)) {
            marker(chart, String.format(Locale.ROOT, "λmin = %.4g", minEigenvalue), minEigenvalue, peak, MIN, 0);
        }
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the spectrum PNG", e);
        }
    }

    /** Writes the chart to {@code target} atomically. */
    public static void write(Path target, String title, Density density, double[] top, double min) {
        AtomicFiles.write(target, png(title, density, top, min));
    }

    /** Plain decimals for ordinary spans, scientific notation only for very large or small ones. */
    private static String axisPattern(double[] grid) {
        double extent = Math.max(Math.abs(grid[0]), Math.abs(grid[grid.length - 1]));
        return extent >= 1e4 || extent < 1e-2 ? "0.##E0" : "#,##0.###";
    }

    private static void marker(XYChart chart, String name, double x, double peak, Color color, int rank) {
        XYSeries line = chart.addSeries(name, new double[] {x, x}, new double[] {FLOOR, peak * 10});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(color);
        float dash = 6f + 3f * rank;
        line.setLineStyle(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {dash, 4f}, 0f));
    }
}
