package dev.lla.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Renders an XChart chart to an image with shaded rectangles under its series and text over them,
 * both placed in data coordinates. XChart has no shaded bands: the chart is painted once to lay
 * it out (which fixes the mapping from data to pixels), then the bands are filled on a white
 * image and the chart, whose backgrounds must be transparent, is painted over them.
 */
final class ChartImage {

    /** A filled rectangle from (x0, y0) to (x1, y1) in data coordinates. */
    record Band(double x0, double x1, double y0, double y1, Color color) {}

    /**
     * Text at data coordinate (x, y): left-aligned and just above y, or centred on x and y.
     *
     * @param centred centred on (x, y) rather than left-aligned above it
     */
    record Note(String text, double x, double y, boolean centred, Font font, Color color) {}

    private ChartImage() {}

    /**
     * Paints {@code chart} on a white image of its size. The chart's axis ranges must be set
     * explicitly (bands and notes are clipped to them).
     */
    static BufferedImage render(XYChart chart, List<Band> bands, List<Note> notes) {
        int width = chart.getWidth();
        int height = chart.getHeight();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.paint(g, width, height);
            Rectangle plot = plotArea(chart);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setClip(plot);
            for (Band band : bands) {
                fill(g, chart, band);
            }
            g.setClip(null);
            chart.paint(g, width, height);
            g.setClip(plot);
            for (Note note : notes) {
                write(g, chart, plot, note);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The plot area in pixels, from the axis ranges (valid after the chart has been painted). */
    private static Rectangle plotArea(XYChart chart) {
        double left = chart.getScreenXFromChart(chart.getStyler().getXAxisMin());
        double right = chart.getScreenXFromChart(chart.getStyler().getXAxisMax());
        double top = chart.getScreenYFromChart(chart.getStyler().getYAxisMax());
        double bottom = chart.getScreenYFromChart(chart.getStyler().getYAxisMin());
        return pixels(left, right, top, bottom);
    }

    private static void fill(Graphics2D g, XYChart chart, Band band) {
        Rectangle r = pixels(
                chart.getScreenXFromChart(band.x0()),
                chart.getScreenXFromChart(band.x1()),
                chart.getScreenYFromChart(band.y1()),
                chart.getScreenYFromChart(band.y0()));
        if (!r.isEmpty()) {
            g.setColor(band.color());
            g.fill(r);
        }
    }

    private static void write(Graphics2D g, XYChart chart, Rectangle plot, Note note) {
        double x = chart.getScreenXFromChart(note.x());
        double y = chart.getScreenYFromChart(note.y());
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return;
        }
        g.setFont(note.font());
        g.setColor(note.color());
        FontMetrics metrics = g.getFontMetrics();
        int width = metrics.stringWidth(note.text());
        if (note.centred()) {
            g.drawString(note.text(), (float) (x - width / 2.0), (float) (y + metrics.getAscent() / 2.0 - 1));
            return;
        }
        float left = (float) Math.max(x, plot.x + 6);
        float baseline = (float) y - 4;
        if (baseline - metrics.getAscent() < plot.y) {
            baseline = (float) y + metrics.getAscent() + 2; // no room above the line: write below it
        }
        g.drawString(note.text(), left, baseline);
    }

    /** The rectangle spanning the given pixel coordinates, empty if any is not a number. */
    private static Rectangle pixels(double x0, double x1, double y0, double y1) {
        if (!(Double.isFinite(x0) && Double.isFinite(x1) && Double.isFinite(y0) && Double.isFinite(y1))) {
            return new Rectangle();
        }
        int left = (int) Math.round(Math.min(x0, x1));
        int top = (int) Math.round(Math.min(y0, y1));
        return new Rectangle(left, top,
                (int) Math.round(Math.max(x0, x1)) - left, (int) Math.round(Math.max(y0, y1)) - top);
    }
}
