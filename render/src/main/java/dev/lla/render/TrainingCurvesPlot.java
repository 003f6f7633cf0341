package dev.lla.render;

import dev.lla.core.train.EpochRecord;
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
 * Training curves against epoch: loss above, accuracy below, each with the training set's running
 * mean over the epoch's minibatches and the end-of-epoch evaluation. Non-finite values (the
 * initial model has no training loss) are left out of their line.
 */
public final class TrainingCurvesPlot {

    static final int WIDTH = 800;
    static final int PANEL_HEIGHT = 330;
    private static final int TITLE_HEIGHT = 40;
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color EVAL = new Color(214, 39, 40);

    private TrainingCurvesPlot() {}

    /** The picture as PNG bytes. */
    public static byte[] png(String title, List<EpochRecord> epochs) {
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
            panel(epochs, "loss (cross-entropy)", EpochRecord::trainLoss, e -> e.eval() == null ? Double.NaN
                    : e.eval().loss(), false).paint(g, WIDTH, PANEL_HEIGHT);
            g.translate(0, PANEL_HEIGHT);
            panel(epochs, "accuracy", EpochRecord::trainAccuracy, e -> e.eval() == null ? Double.NaN
                    : e.eval().accuracy(), true).paint(g, WIDTH, PANEL_HEIGHT);
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

    private static XYChart panel(List<EpochRecord> epochs, String yTitle, ToDoubleFunction<EpochRecord> train,
            ToDoubleFunction<EpochRecord> eval, boolean xTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT)
                .xAxisTitle(xTitle ? "epoch" : "").yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setChartTitleVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(160, 160, 160));
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setPlotGridLinesStroke(new BasicStroke(1f));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setMarkerSize(7);
        chart.getStyler().setXAxisDecimalPattern("#");
        boolean any = series(chart, "train (running mean)", epochs, train, TRAIN);
        any |= series(chart, "eval (end of epoch)", epochs, eval, EVAL);
        if (!any) {
            // XChart needs a series; an empty panel says that there is nothing to draw.
            XYSeries none = chart.addSeries("no finite values", new double[] {0}, new double[] {0});
            none.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Adds the finite points of one curve; false if there are none. */
    private static boolean series(XYChart chart, String name, List<EpochRecord> epochs,
            ToDoubleFunction<EpochRecord> value, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (EpochRecord e : epochs) {
            double y = value.applyAsDouble(e);
            if (Double.isFinite(y)) {
                xs.add((double) e.epoch());
                ys.add(y);
            }
        }
        if (xs.isEmpty()) {
            return false;
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineWidth(2f);
        return true;
    }
}
