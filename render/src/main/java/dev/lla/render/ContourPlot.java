package dev.lla.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A filled contour plot of a 2D landscape with dark isolines, like matplotlib's {@code contourf}
 * followed by {@code contour}, a colour bar of the levels, and the origin marked.
 *
 * <p>Each grid cell is split into two triangles along its rising diagonal, and the values are
 * interpolated linearly over each triangle ("marching triangles", the triangle form of marching
 * squares): a band between two levels is then the triangle clipped by two half-planes, and an
 * isoline is one straight segment per triangle. This has no saddle ambiguity and draws seamless
 * bands. Cost: O(cells × levels).
 *
 * <p>Levels are linear: about twelve round values covering the drawn range. Landscapes that span
 * decades are exploding ones, and LLA's answer to those is the cap ({@code --loss-cap}), which
 * brings the range back to linear scale; log levels would hide the very shape of the basin that
 * the picture is for.
 */
public final class ContourPlot {

    static final int WIDTH = LandscapeCanvas.WIDTH;
    static final int HEIGHT = LandscapeCanvas.HEIGHT;
    /** The plot area; the colour bar lies to its right. */
    static final Rectangle AREA = new Rectangle(90, 50, 540, 470);

    private static final int TARGET_LEVELS = 12;
    private static final Color ISOLINE = new Color(20, 20, 20, 170);

    private ContourPlot() {}

    /**
     * Renders the picture as PNG bytes.
     *
     * @param x at least two strictly increasing coordinates (horizontal axis)
     * @param y at least two strictly increasing coordinates (vertical axis)
     * @param z {@code z[i][j]} at ({@code x[i]}, {@code y[j]}); non-finite values are holes
     * @param cap null, or the value drawn in place of larger ones
     */
    public static byte[] png(String title, String xLabel, String yLabel, String zLabel,
            double[] x, double[] y, double[][] z, Double cap) {
        LandscapeGrid grid = LandscapeGrid.of(x, y, z, cap);
        BufferedImage image = LandscapeCanvas.blank(WIDTH, HEIGHT);
        Graphics2D g = LandscapeCanvas.graphics(image);
        try {
            LandscapeCanvas.title(g, title, WIDTH);
            LandscapeCanvas.Frame frame = new LandscapeCanvas.Frame(AREA, x[0], x[x.length - 1], y[0], y[y.length - 1]);
            g.setColor(LandscapeCanvas.HOLE);
            g.fill(AREA);
            double[] range = grid.range();
            double[] levels = levels(range[0], range[1]);
            if (grid.hasValues()) {
                fill(g, grid, frame, levels);
                isolines(g, grid, frame, levels);
            } else {
                LandscapeCanvas.message(g, "no finite values", AREA);
            }
            origin(g, frame);
            frame.axes(g, xLabel, yLabel, true);
            Rectangle bar = new Rectangle(AREA.x + AREA.width + 25, AREA.y, 20, AREA.height);
            LandscapeCanvas.colourBar(g, bar, range[0], range[1], levels, grid.valueLabel(zLabel));
            LandscapeCanvas.footnote(g, grid.footnote(), WIDTH, HEIGHT);
        } finally {
            g.dispose();
        }
        return LandscapeCanvas.encode(image);
    }

    /** Writes the picture to {@code target} atomically. */
    public static void write(Path target, String title, String xLabel, String yLabel, String zLabel,
            double[] x, double[] y, double[][] z, Double cap) {
        AtomicFiles.write(target, png(title, xLabel, yLabel, zLabel, x, y, z, cap));
    }

    /** Round levels covering [lo, hi], at least two. */
    static double[] levels(double lo, double hi) {
        double[] levels = LandscapeCanvas.ticks(lo, hi, TARGET_LEVELS, true);
        return levels.length >= 2 ? levels : new double[] {lo, hi};
    }

    /** The two triangles of cell (i, j), as grid indices {i, j} of their corners. */
    private static int[][][] triangles(int i, int j) {
        return new int[][][] {
            {{i, j}, {i + 1, j}, {i + 1, j + 1}},
            {{i, j}, {i + 1, j + 1}, {i, j + 1}},
        };
    }

    /** Corners of a triangle as rows {px, py, value}; null if any value is a hole. */
    private static double[][] corners(LandscapeGrid grid, LandscapeCanvas.Frame frame, int[][] triangle) {
        double[][] corners = new double[3][];
        for (int k = 0; k < 3; k++) {
            int i = triangle[k][0];
            int j = triangle[k][1];
            double v = grid.z[i][j];
            if (Double.isNaN(v)) {
                return null;
            }
            corners[k] = new double[] {frame.px(grid.x[i]), frame.py(grid.y[j]), v};
        }
        return corners;
    }

    private static void fill(Graphics2D g, LandscapeGrid grid, LandscapeCanvas.Frame frame, double[] levels) {
        // without anti-aliasing, bands that share an edge leave no light seam between them
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        Color[] colours = new Color[levels.length - 1];
        for (int band = 0; band < colours.length; band++) {
            colours[band] = Viridis.at(LandscapeCanvas.bandColour(levels, band));
        }
        for (int i = 0; i + 1 < grid.x.length; i++) {
            for (int j = 0; j + 1 < grid.y.length; j++) {
                for (int[][] triangle : triangles(i, j)) {
                    double[][] corners = corners(grid, frame, triangle);
                    if (corners == null) {
                        continue;
                    }
                    double lo = Math.min(corners[0][2], Math.min(corners[1][2], corners[2][2]));
                    double hi = Math.max(corners[0][2], Math.max(corners[1][2], corners[2][2]));
                    for (int band = 0; band < colours.length; band++) {
                        boolean first = band == 0;
                        boolean last = band == colours.length - 1;
                        if ((!last && lo >= levels[band + 1]) || (!first && hi < levels[band])) {
                            continue;
                        }
                        double[][] polygon = corners;
                        if (!first) {
                            polygon = clip(polygon, levels[band], true);
                        }
                        if (!last) {
                            polygon = clip(polygon, levels[band + 1], false);
                        }
                        if (polygon.length >= 3) {
                            g.setColor(colours[band]);
                            g.fill(path(polygon));
                        }
                    }
                }
            }
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    }

    /**
     * The part of a polygon (rows {px, py, value}, values linear over it) where the value is at
     * least {@code level} ({@code above}) or at most it: Sutherland–Hodgman against one half-plane.
     */
    static double[][] clip(double[][] polygon, double level, boolean above) {
        double[][] out = new double[polygon.length + 2][];
        int count = 0;
        for (int k = 0; k < polygon.length; k++) {
            double[] a = polygon[k];
            double[] b = polygon[(k + 1) % polygon.length];
            boolean inA = above ? a[2] >= level : a[2] <= level;
            boolean inB = above ? b[2] >= level : b[2] <= level;
            if (inA) {
                out[count++] = a;
            }
            if (inA != inB) {
                out[count++] = crossing(a, b, level);
            }
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /** The point on segment a–b where the interpolated value equals {@code level}. */
    private static double[] crossing(double[] a, double[] b, double level) {
        double f = (level - a[2]) / (b[2] - a[2]);
        return new double[] {a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), level};
    }

    private static Path2D path(double[][] polygon) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(polygon[0][0], polygon[0][1]);
        for (int k = 1; k < polygon.length; k++) {
            path.lineTo(polygon[k][0], polygon[k][1]);
        }
        path.closePath();
        return path;
    }

    /** Thin dark lines at the inner levels (the outer two bound the colour range only). */
    private static void isolines(Graphics2D g, LandscapeGrid grid, LandscapeCanvas.Frame frame, double[] levels) {
        g.setColor(ISOLINE);
        g.setStroke(new BasicStroke(0.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setClip(frame.area);
        for (int i = 0; i + 1 < grid.x.length; i++) {
            for (int j = 0; j + 1 < grid.y.length; j++) {
                for (int[][] triangle : triangles(i, j)) {
                    double[][] corners = corners(grid, frame, triangle);
                    if (corners == null) {
                        continue;
                    }
                    for (int k = 1; k < levels.length - 1; k++) {
                        segment(g, corners, levels[k]);
                    }
                }
            }
        }
        g.setClip(null);
    }

    private static void segment(Graphics2D g, double[][] corners, double level) {
        double[][] ends = new double[2][];
        int count = 0;
        for (int k = 0; k < 3 && count < 2; k++) {
            double[] a = corners[k];
            double[] b = corners[(k + 1) % 3];
            if ((a[2] >= level) != (b[2] >= level)) {
                ends[count++] = crossing(a, b, level);
            }
        }
        if (count == 2) {
            g.draw(new Line2D.Double(ends[0][0], ends[0][1], ends[1][0], ends[1][1]));
        }
    }

    /** The origin (0, 0), where the model's own weights lie, if it is inside the plot. */
    static void origin(Graphics2D g, LandscapeCanvas.Frame frame) {
        if (frame.x0 > 0 || frame.x1 < 0 || frame.y0 > 0 || frame.y1 < 0) {
            return;
        }
        Ellipse2D dot = new Ellipse2D.Double(frame.px(0) - 5, frame.py(0) - 5, 10, 10);
        g.setColor(Color.WHITE);
        g.fill(dot);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(dot);
        g.fill(new Ellipse2D.Double(frame.px(0) - 1.5, frame.py(0) - 1.5, 3, 3));
    }
}
