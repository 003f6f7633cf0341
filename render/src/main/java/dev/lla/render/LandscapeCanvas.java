package dev.lla.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * What the landscape pictures share, drawn with Java2D: the image, title and footnote, "nice" tick
 * values, a rectangular frame with ticks and labels (for the contour, the heatmap and the curves)
 * and a colour bar.
 */
final class LandscapeCanvas {

    static final int WIDTH = 800;
    static final int HEIGHT = 600;

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color TEXT = new Color(33, 33, 33);
    static final Color MUTED = new Color(90, 90, 90);
    /** Where a picture has no value to show (holes, empty plot areas). */
    static final Color HOLE = new Color(222, 222, 222);

    private LandscapeCanvas() {}

    /** A white image with anti-aliased lines and text. */
    static BufferedImage blank(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    static byte[] encode(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a landscape PNG", e);
        }
    }

    /** The title, centred at the top. */
    static void title(Graphics2D g, String title, int width) {
        g.setFont(TITLE_FONT);
        g.setColor(TEXT);
        FontMetrics metrics = g.getFontMetrics();
        String text = PanelFigure.fit(metrics, title, width - 40);
        g.drawString(text, (width - metrics.stringWidth(text)) / 2f, 12 + metrics.getAscent());
    }

    /** A muted line at the bottom left, if {@code text} is not null. */
    static void footnote(Graphics2D g, String text, int width, int height) {
        if (text == null) {
            return;
        }
        g.setFont(NOTE_FONT);
        g.setColor(MUTED);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(PanelFigure.fit(metrics, text, width - 24), 12, height - 8);
    }

    /** A message centred in {@code area}, for plots without any finite value. */
    static void message(Graphics2D g, String text, Rectangle area) {
        g.setFont(LABEL_FONT);
        g.setColor(MUTED);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, (float) (area.getCenterX() - metrics.stringWidth(text) / 2.0),
                (float) (area.getCenterY() + metrics.getAscent() / 2.0));
    }

    /**
     * Round tick values (1, 2 or 5 times a power of ten apart), about {@code target} of them:
     * within [lo, hi], or covering it ({@code outward}, one tick at or beyond each end).
     */
    static double[] ticks(double lo, double hi, int target, boolean outward) {
        if (!(hi > lo) || !Double.isFinite(hi - lo)) {
            return new double[] {lo};
        }
        double raw = (hi - lo) / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double step = (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude;
        double slack = 1e-9;
        long first = outward ? (long) Math.floor(lo / step + slack) : (long) Math.ceil(lo / step - slack);
        long last = outward ? (long) Math.ceil(hi / step - slack) : (long) Math.floor(hi / step + slack);
        double[] ticks = new double[(int) Math.max(0, last - first + 1)];
        for (int k = 0; k < ticks.length; k++) {
            ticks[k] = (first + k) * step;
        }
        return ticks;
    }

    /** Text centred horizontally on x with its middle at y. */
    static void centred(Graphics2D g, String text, double x, double y) {
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, (float) (x - metrics.stringWidth(text) / 2.0),
                (float) (y + (metrics.getAscent() - metrics.getDescent()) / 2.0));
    }

    /** Text turned a quarter anticlockwise, centred on (x, y). */
    static void vertical(Graphics2D g, String text, double x, double y) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        centred(g, text, 0, 0);
        g.setTransform(saved);
    }

    /** A rectangular plot area with linear axes: maps data to pixels and draws the frame. */
    static final class Frame {
        final Rectangle area;
        final double x0;
        final double x1;
        final double y0;
        final double y1;

        Frame(Rectangle area, double x0, double x1, double y0, double y1) {
            this.area = area;
            this.x0 = x0;
            this.x1 = x1;
            this.y0 = y0;
            this.y1 = y1;
        }

        double px(double x) {
            return area.x + (x - x0) / (x1 - x0) * area.width;
        }

        double py(double y) {
            return area.y + area.height - (y - y0) / (y1 - y0) * area.height;
        }

        /** Light grid lines at the ticks, under the data. */
        void grid(Graphics2D g, boolean vertical, boolean horizontal) {
            g.setColor(new Color(232, 232, 232));
            g.setStroke(new BasicStroke(1f));
            if (vertical) {
                for (double t : ticks(x0, x1, 8, false)) {
                    g.draw(new Line2D.Double(px(t), area.y, px(t), area.getMaxY()));
                }
            }
            if (horizontal) {
                for (double t : ticks(y0, y1, 6, false)) {
                    g.draw(new Line2D.Double(area.x, py(t), area.getMaxX(), py(t)));
                }
            }
        }

        /**
         * The border, outward ticks with values, and the axis titles (either may be null, and the
         * x tick values are left out when {@code xValues} is false, for stacked panels).
         */
        void axes(Graphics2D g, String xTitle, String yTitle, boolean xValues) {
            g.setColor(TEXT);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(area.x, area.y, area.width, area.height);
            g.setFont(TICK_FONT);
            FontMetrics metrics = g.getFontMetrics();
            double[] xs = ticks(x0, x1, 8, false);
            Function<Double, String> xFormat = PlotNumbers.ticks(xs[0], xs[xs.length - 1]);
            for (double t : xs) {
                double p = px(t);
                g.draw(new Line2D.Double(p, area.getMaxY(), p, area.getMaxY() + 5));
                if (xValues) {
                    centred(g, xFormat.apply(t), p, area.getMaxY() + 8 + metrics.getAscent() / 2.0);
                }
            }
            double[] ys = ticks(y0, y1, 6, false);
            Function<Double, String> yFormat = PlotNumbers.ticks(ys[0], ys[ys.length - 1]);
            int widest = 0;
            for (double t : ys) {
                double p = py(t);
                g.draw(new Line2D.Double(area.x - 5, p, area.x, p));
                String text = yFormat.apply(t);
                widest = Math.max(widest, metrics.stringWidth(text));
                g.drawString(text, (float) (area.x - 8 - metrics.stringWidth(text)),
                        (float) (p + (metrics.getAscent() - metrics.getDescent()) / 2.0));
            }
            g.setFont(LABEL_FONT);
            if (xTitle != null) {
                centred(g, xTitle, area.getCenterX(), area.getMaxY() + 36);
            }
            if (yTitle != null) {
                vertical(g, yTitle, area.x - widest - 22, area.getCenterY());
            }
        }
    }

    /**
     * A vertical colour bar over [lo, hi] in {@code bar}: continuous, or in bands between
     * {@code levels} (ascending, covering [lo, hi]) with a tick at each level. The label is
     * written vertically to its right.
     */
    static void colourBar(Graphics2D g, Rectangle bar, double lo, double hi, double[] levels, String label) {
        Object hint = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        double bottom = levels == null ? lo : levels[0];
        double top = levels == null ? hi : levels[levels.length - 1];
        for (int row = 0; row < bar.height; row++) {
            double v = top - (row + 0.5) / bar.height * (top - bottom);
            double t;
            if (levels == null) {
                t = (v - lo) / (hi - lo);
            } else {
                int band = band(levels, v);
                t = bandColour(levels, band);
            }
            g.setColor(Viridis.at(t));
            g.fillRect(bar.x, bar.y + row, bar.width, 1);
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, hint);
        g.setColor(TEXT);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(bar.x, bar.y, bar.width, bar.height);
        double[] ticks = levels != null ? levels : ticks(lo, hi, 7, false);
        int every = levels == null ? 1 : (levels.length + 11) / 12; // at most twelve labels
        g.setFont(TICK_FONT);
        FontMetrics metrics = g.getFontMetrics();
        Function<Double, String> format = PlotNumbers.ticks(ticks[0], ticks[ticks.length - 1]);
        int widest = 0;
        for (int k = 0; k < ticks.length; k++) {
            double p = bar.getMaxY() - (ticks[k] - bottom) / (top - bottom) * bar.height;
            g.draw(new Line2D.Double(bar.getMaxX(), p, bar.getMaxX() + 4, p));
            if (k % every == 0) {
                String text = format.apply(ticks[k]);
                widest = Math.max(widest, metrics.stringWidth(text));
                g.drawString(text, (float) bar.getMaxX() + 7,
                        (float) (p + (metrics.getAscent() - metrics.getDescent()) / 2.0));
            }
        }
        g.setFont(LABEL_FONT);
        vertical(g, label, bar.getMaxX() + widest + 22, bar.getCenterY());
    }

    /** The band of {@code levels} that holds v: 0 for [levels[0], levels[1]), and so on. */
    static int band(double[] levels, double v) {
        int band = 0;
        while (band < levels.length - 2 && v >= levels[band + 1]) {
            band++;
        }
        return band;
    }

    /** Where a band's colour lies on the map: its middle, as matplotlib's contourf colours it. */
    static double bandColour(double[] levels, int band) {
        double middle = (levels[band] + levels[band + 1]) / 2;
        return (middle - levels[0]) / (levels[levels.length - 1] - levels[0]);
    }
}
