package dev.lla.render;

import dev.lla.core.connect.ConnectResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code lla connect}'s figure: loss above, accuracy below, against t, for the line and the curve. */
public final class ConnectPlot {

    static final int WIDTH = 800;
    static final int PANEL_HEIGHT = 330;
    private static final int TITLE_HEIGHT = 40;
    private static final Color LINE = new Color(214, 39, 40);
    private static final Color CURVE = new Color(31, 119, 180);

    private ConnectPlot() {}

    /** The picture as PNG bytes. */
    public static byte[] png(String title, ConnectResult result) {
        BufferedImage image = new BufferedImage(WIDTH, TITLE_HEIGHT + 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(new Color(40, 40, 40));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2, 26);
            g.translate(0, TITLE_HEIGHT);
            panel(result.t(), "loss", result.line().loss(), result.curve().loss(),
                    String.format(java.util.Locale.ROOT, " (barrier %.4g)", result.line().barrier()),
                    String.format(java.util.Locale.ROOT, " (barrier %.4g)", result.curve().barrier()), false)
                    .paint(g, WIDTH, PANEL_HEIGHT);
            g.translate(0, PANEL_HEIGHT);
            panel(result.t(), "accuracy", result.line().accuracy(), result.curve().accuracy(), "", "", true)
                    .paint(g, WIDTH, PANEL_HEIGHT);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static XYChart panel(double[] t, String yTitle, double[] line, double[] curve, String lineNote,
            String curveNote, boolean xTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
                .xAxisTitle(xTitle ? "t  (0 = A, 1 = B)" : "").yAxisTitle(yTitle).build();
        chart.getStyler().setChartTitleVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBorderColor(new Color(160, 160, 160));
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setPlotGridLinesStroke(new BasicStroke(1f));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setMarkerSize(6);
        series(chart, "line" + lineNote, t, line, LINE);
        series(chart, "Bezier curve" + curveNote, t, curve, CURVE);
        return chart;
    }

    private static void series(XYChart chart, String name, double[] t, double[] y, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            if (Double.isFinite(y[i])) {
                xs.add(t[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            XYSeries none = chart.addSeries(name + " (no finite values)", new double[] {0}, new double[] {Double.NaN});
            none.setMarker(SeriesMarkers.NONE);
            return;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineWidth(2f);
    }
}
