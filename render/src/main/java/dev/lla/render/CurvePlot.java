package dev.lla.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A 1D landscape: loss above and accuracy below, in two panels sharing the coordinate axis, with
 * the origin (the model's own weights) marked by a dashed line. Lines break at non-finite values;
 * losses above the cap are drawn at it, with hollow markers.
 */
public final class CurvePlot {

    static final int WIDTH = LandscapeCanvas.WIDTH;
    static final int HEIGHT = LandscapeCanvas.HEIGHT;
    static final Rectangle LOSS_AREA = new Rectangle(90, 50, 680, 240);
    static final Rectangle ACCURACY_AREA = new Rectangle(90, 310, 680, 220);
    /** The only panel, when there is no accuracy. */
    static final Rectangle SINGLE_AREA = new Rectangle(90, 50, 680, 480);

    private static final Color LOSS = new Color(31, 119, 180);
    private static final Color ACCURACY = new Color(214, 39, 40);

    private CurvePlot() {}

    /** Renders the picture as PNG bytes, without a cap and with the axis titled "coordinate". */
    public static byte[] png(String title, double[] x, double[] loss, double[] accuracy) {
        return png(title, "coordinate", x, loss, accuracy, null);
    }

    /**
     * Renders the picture as PNG bytes.
     *
     * @param x at least two strictly increasing coordinates
     * @param loss one value per coordinate, any of them non-finite
     * @param accuracy one value per coordinate, or null for a loss panel alone
     * @param cap null, or the loss drawn in place of larger ones
     */
    public static byte[] png(String title, String xLabel, double[] x, double[] loss, double[] accuracy, Double cap) {
        if (loss.length != x.length || (accuracy != null && accuracy.length != x.length)) {
            throw new IllegalArgumentException("loss and accuracy need one value for each of the " + x.length
                    + " coordinates");
        }
        // a one-column grid does the checks and the capping
        double[][] column = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            column[i] = new double[] {loss[i], i};
        }
        LandscapeGrid lossGrid = LandscapeGrid.of(x, new double[] {0, 1}, column, cap);
        BufferedImage image = LandscapeCanvas.blank(WIDTH, HEIGHT);
        Graphics2D g = LandscapeCanvas.graphics(image);
        try {
            LandscapeCanvas.title(g, title, WIDTH);
            double[] drawnLoss = new double[x.length];
            boolean[] capped = new boolean[x.length];
            for (int i = 0; i < x.length; i++) {
                drawnLoss[i] = lossGrid.z[i][0];
                capped[i] = cap != null && loss[i] > cap;
            }
            Rectangle lossArea = accuracy == null ? SINGLE_AREA : LOSS_AREA;
            panel(g, lossArea, x, drawnLoss, capped, LOSS, accuracy == null ? xLabel : null,
                    lossGrid.valueLabel("loss"), accuracy == null);
            if (accuracy != null) {
                panel(g, ACCURACY_AREA, x, accuracy, new boolean[x.length], ACCURACY, xLabel, "accuracy", true);
            }
            LandscapeCanvas.footnote(g, footnote(x.length, loss, accuracy, cap), WIDTH, HEIGHT);
        } finally {
            g.dispose();
        }
        return LandscapeCanvas.encode(image);
    }

    /** Writes the picture to {@code target} atomically. */
    public static void write(Path target, String title, String xLabel, double[] x, double[] loss, double[] accuracy,
            Double cap) {
        AtomicFiles.write(target, png(title, xLabel, x, loss, accuracy, cap));
    }

    private static void panel(Graphics2D g, Rectangle area, double[] x, double[] values, boolean[] capped, Color colour,
            String xLabel, String yLabel, boolean xValues) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        } else if (lo == hi) {
            double half = lo == 0 ? 0.5 : Math.abs(lo) * 0.05;
            lo -= half;
            hi += half;
        }
        double pad = (hi - lo) * 0.06;
        LandscapeCanvas.Frame frame = new LandscapeCanvas.Frame(area, x[0], x[x.length - 1], lo - pad, hi + pad);
        frame.grid(g, true, true);
        if (frame.x0 <= 0 && frame.x1 >= 0) {
            g.setColor(LandscapeCanvas.MUTED);
            g.setStroke(PanelFigure.dashed(1f));
            g.draw(new Line2D.Double(frame.px(0), area.y, frame.px(0), area.getMaxY()));
        }
        g.setClip(area);
        g.setColor(colour);
        g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        boolean open = false;
        int finite = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(values[i])) {
                finite++;
                if (open) {
                    path.lineTo(frame.px(x[i]), frame.py(values[i]));
                } else {
                    path.moveTo(frame.px(x[i]), frame.py(values[i]));
                    open = true;
                }
            } else {
                open = false;
            }
        }
        g.draw(path);
        double radius = x.length <= 60 ? 3 : 1.5;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(values[i])) {
                Ellipse2D dot = new Ellipse2D.Double(frame.px(x[i]) - radius, frame.py(values[i]) - radius,
                        2 * radius, 2 * radius);
                if (capped[i]) {
                    g.setColor(Color.WHITE);
                    g.fill(dot);
                    g.setColor(colour);
                    g.setStroke(new BasicStroke(1.2f));
                    g.draw(dot);
                } else {
                    g.fill(dot);
                }
            }
        }
        g.setClip(null);
        if (finite == 0) {
            LandscapeCanvas.message(g, "no finite values", area);
        }
        frame.axes(g, xLabel, yLabel, xValues);
    }

    private static String footnote(int n, double[] loss, double[] accuracy, Double cap) {
        int holes = 0;
        int capped = 0;
        for (int i = 0; i < n; i++) {
            if (cap != null && loss[i] > cap) {
                capped++;
            } else if (!Double.isFinite(loss[i]) || (accuracy != null && !Double.isFinite(accuracy[i]))) {
                holes++;
            }
        }
        StringBuilder text = new StringBuilder();
        if (holes > 0) {
            text.append(holes).append(" of ").append(n).append(" points not finite (gaps)");
        }
        if (capped > 0) {
            text.append(text.length() > 0 ? "; " : "").append(capped).append(" of ").append(n)
                    .append(" losses above the cap ").append(PlotNumbers.of(cap, 4)).append(" (hollow, drawn at it)");
        }
        return text.length() == 0 ? null : text.toString();
    }
}
