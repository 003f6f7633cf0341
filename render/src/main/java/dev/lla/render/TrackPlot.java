package dev.lla.render;

import dev.lla.core.track.TrackResult;
import dev.lla.core.track.TrackResult.Comparison;
import dev.lla.core.track.TrackResult.Entry;
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
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of {@code lla track} against epoch (or position in the series when an epoch is
 * unknown): the top-k eigenvalues, the subspace overlaps, and each vector's IPR. Non-finite values
 * are left out of their line.
 */
public final class TrackPlot {

    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private TrackPlot() {}

    /** λ₁ … λ_k of every checkpoint. */
    public static byte[] eigenvalues(String title, TrackResult result) {
        XYChart chart = chart(title, result, "eigenvalue");
        int k = maxPairs(result);
        for (int i = 0; i < k; i++) {
            int j = i;
            line(chart, "λ" + (i + 1), result, e -> j < e.pairs().size() ? e.pairs().get(j).value() : Double.NaN);
        }
        return encode(chart);
    }

    /** Each vector's IPR (log axis: it spans from 1/P to 1). */
    public static byte[] ipr(String title, TrackResult result) {
        XYChart chart = chart(title, result, "IPR  Σx⁴ / (Σx²)²");
        chart.getStyler().setYAxisLogarithmic(true);
        int k = maxPairs(result);
        for (int i = 0; i < k; i++) {
            int j = i;
            line(chart, "v" + (i + 1), result, e -> j < e.pairs().size() && e.pairs().get(j).ipr() > 0
                    ? e.pairs().get(j).ipr() : Double.NaN);
        }
        return encode(chart);
    }

    /** The overlap of each checkpoint with the previous one (drawn at the later) and with the last. */
    public static byte[] overlap(String title, TrackResult result) {
        XYChart chart = chart(title, result, "overlap  ‖UᵀV‖²_F / k");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Comparison c : result.consecutive()) {
            add(x, y, position(result, c.to()), c.overlap());
        }
        series(chart, "with the previous checkpoint", x, y, new Color(31, 119, 180));
        x = new ArrayList<>();
        y = new ArrayList<>();
        for (Comparison c : result.toLast()) {
            add(x, y, position(result, c.from()), c.overlap());
        }
        series(chart, "with the last checkpoint", x, y, new Color(214, 39, 40));
        return encode(chart);
    }

    /** Whether every checkpoint has an epoch (else figures use the position in the series). */
    static boolean byEpoch(TrackResult result) {
        return result.checkpoints().stream().allMatch(e -> e.epoch() != null);
    }

    private static double position(TrackResult result, int index) {
        Entry e = result.checkpoints().get(index);
        return byEpoch(result) ? e.epoch() : e.index();
    }

    private static int maxPairs(TrackResult result) {
        return result.checkpoints().stream().mapToInt(e -> e.pairs().size()).max().orElse(0);
    }

    private static XYChart chart(String title, TrackResult result, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(byEpoch(result) ? "epoch" : "checkpoint").yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(160, 160, 160));
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setMarkerSize(7);
        styler.setXAxisDecimalPattern("#");
        return chart;
    }

    private static void line(XYChart chart, String name, TrackResult result, ToDoubleFunction<Entry> value) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Entry e : result.checkpoints()) {
            add(x, y, position(result, e.index()), value.applyAsDouble(e));
        }
        series(chart, name, x, y, null);
    }

    private static void add(List<Double> x, List<Double> y, double px, double py) {
        if (Double.isFinite(py)) {
            x.add(px);
            y.add(py);
        }
    }

    private static void series(XYChart chart, String name, List<Double> x, List<Double> y, Color color) {
        if (x.isEmpty()) {
            XYSeries none = chart.addSeries(name + " (no finite values)", new double[] {0}, new double[] {Double.NaN});
            none.setMarker(SeriesMarkers.NONE);
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineWidth(2f);
        if (color != null) {
            s.setLineColor(color);
            s.setMarkerColor(color);
        }
    }

    private static byte[] encode(XYChart chart) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.paint(g, WIDTH, HEIGHT);
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
}
