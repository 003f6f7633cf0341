package dev.lla.render;

import dev.lla.core.spectrum.Density;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Several spectral densities in one chart (H, G and NME of one model and batch), each on its own
 * eigenvalue grid, with its largest eigenvalue as a dashed line in the same colour. Each curve is
 * drawn thinner than the one before it, so that a curve hidden under a later one still shows.
 */
public final class SpectrumOverlayPlot {

    /** One curve: its legend name, its density, and its largest eigenvalue (NaN: no marker). */
    public record Curve(String name, Density density, double topEigenvalue) {}

    private static final Color[] COLORS = {
        new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189)
    };

    private SpectrumOverlayPlot() {}

    /** Renders the curves as PNG bytes. */
    public static byte[] png(String title, List<Curve> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one density");
        }
        double peak = SpectrumPlot.FLOOR;
        double extent = 0;
        for (Curve c : curves) {
            for (double v : c.density().values()) {
                if (Double.isFinite(v)) {
                    peak = Math.max(peak, v);
                }
            }
            double[] grid = c.density().grid();
            extent = Math.max(extent, Math.max(Math.abs(grid[0]), Math.abs(grid[grid.length - 1])));
        }
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle("eigenvalue").yAxisTitle("density (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(SpectrumPlot.FLOOR);
        chart.getStyler().setYAxisMax(peak * 10);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getStyler().setXAxisDecimalPattern(extent >= 1e4 || extent < 1e-2 ? "0.##E0" : "#,##0.###");
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            Color color = COLORS[i % COLORS.length];
            XYSeries line = chart.addSeries(c.name(), c.density().grid(), floored(c.density().values()));
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(color);
            // Wider first curves stay visible where later ones coincide with them (H and G often do).
            line.setLineStyle(new BasicStroke(Math.max(1.2f, 2.8f - 1.2f * i)));
            if (Double.isFinite(c.topEigenvalue())) {
                XYSeries top = chart.addSeries(String.format(Locale.ROOT, "%s λ1 = %.4g", c.name(), c.topEigenvalue()),
                        new double[] {c.topEigenvalue(), c.topEigenvalue()},
                        new double[] {SpectrumPlot.FLOOR, peak * 10});
                top.setMarker(SeriesMarkers.NONE);
                top.setLineColor(color);
                top.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
        }
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the spectrum overlay PNG", e);
        }
    }

    /** Non-finite values and values below the log axis' floor are drawn at the floor. */
    private static double[] floored(double[] values) {
        double[] y = new double[values.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Double.isFinite(values[i]) ? Math.max(values[i], SpectrumPlot.FLOOR) : SpectrumPlot.FLOOR;
        }
        return y;
    }
}
