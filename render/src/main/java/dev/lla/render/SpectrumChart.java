package dev.lla.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The chart that {@link SpectrumPlot} and {@link SpectrumOverlayPlot} share: densities against
 * eigenvalue on a log axis from {@link #FLOOR} to ten times the peak, with vertical dashed lines
 * for eigenvalues, so that one spectrum and an overlay of several look alike.
 */
final class SpectrumChart {

    /** Densities below this are drawn at it: the log axis cannot show zero. */
    static final double FLOOR = 1e-10;

    private final XYChart chart;
    private final double top;

    /**
     * An empty chart whose y axis reaches ten times {@code peak} (at least {@link #FLOOR}) and whose
     * x labels suit eigenvalues up to {@code extent} in magnitude.
     */
    SpectrumChart(String title, double peak, double extent) {
        top = Math.max(peak, FLOOR) * 10;
        chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title(title)
                .xAxisTitle("eigenvalue")
                .yAxisTitle("density (log scale)")
                .build();
        XYStyler styler = chart.getStyler();
        styler.setYAxisLogarithmic(true);
        styler.setYAxisMin(FLOOR);
        styler.setYAxisMax(top);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(true);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setXAxisDecimalPattern(axisPattern(extent));
    }

    /** The largest finite density in {@code values}, or {@link #FLOOR} if none is above it. */
    static double peak(double[] values) {
        double peak = FLOOR;
        for (double v : values) {
            if (Double.isFinite(v)) {
                peak = Math.max(peak, v);
            }
        }
        return peak;
    }

    /** The largest magnitude at either end of an ascending {@code grid}. */
    static double extent(double[] grid) {
        return Math.max(Math.abs(grid[0]), Math.abs(grid[grid.length - 1]));
    }

    /** Adds a density curve; non-finite values and values below {@link #FLOOR} are drawn at the floor. */
    void density(String name, double[] grid, double[] values, Color color, float width) {
        XYSeries curve = chart.addSeries(name, grid, floored(values));
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineColor(color);
        curve.setLineStyle(new BasicStroke(width));
    }

    /** Adds a dashed vertical line at eigenvalue {@code x}, across the whole y axis. */
    void eigenvalue(String name, double x, Color color, float width, float dash) {
        XYSeries line = chart.addSeries(name, new double[] {x, x}, new double[] {FLOOR, top});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(color);
        line.setLineStyle(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {dash, 4f}, 0f));
    }

    /** The chart as PNG bytes; {@code what} names it in the error. */
    byte[] png(String what) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the " + what + " PNG", e);
        }
    }

    /** Plain decimals for ordinary spans, scientific notation only for very large or small ones. */
    private static String axisPattern(double extent) {
        return extent >= 1e4 || extent < 1e-2 ? "0.##E0" : "#,##0.###";
    }

    private static double[] floored(double[] values) {
        double[] y = new double[values.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Double.isFinite(values[i]) ? Math.max(values[i], FLOOR) : FLOOR;
        }
        return y;
    }
}
