package dev.lla.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * A shaded 3D surface of a 2D landscape, drawn by hand with Java2D (XChart has no 3D charts), in
 * the manner of matplotlib's {@code plot_surface}: an orthographic view from elevation 30° and
 * azimuth −60°, grid cells painted back to front (painter's algorithm), each coloured by its mean
 * value on the viridis map and shaded by Lambert's cosine law from its normal, with a thin mesh;
 * the three back panes with grid lines, x, y and z axes with tick values, and a colour bar.
 *
 * <p>The data fill a box of aspect 4:4:3 (x:y:z). Values above the cap are drawn at it; cells
 * with a non-finite corner are left out, as holes. Cost: O(cells · log cells) for the sort.
 */
public final class SurfacePlot {

    static final int WIDTH = LandscapeCanvas.WIDTH;
    static final int HEIGHT = LandscapeCanvas.HEIGHT;
    /** matplotlib's default view. */
    static final double ELEVATION_DEGREES = 30;
    static final double AZIMUTH_DEGREES = -60;
    /** Half the box's height, its width and depth being 2. */
    private static final double Z_HALF = 0.75;
    private static final Color PANE = new Color(242, 242, 242);
    private static final Color PANE_EDGE = new Color(190, 190, 190);
    private static final Color PANE_GRID = new Color(218, 218, 218);

    private SurfacePlot() {}

    /**
     * Renders the picture as PNG bytes, seen from matplotlib's default view.
     *
     * @param x at least two strictly increasing coordinates
     * @param y at least two strictly increasing coordinates
     * @param z {@code z[i][j]} at ({@code x[i]}, {@code y[j]}); non-finite values are holes
     * @param cap null, or the value drawn in place of larger ones
     */
    public static byte[] png(String title, String xLabel, String yLabel, String zLabel,
            double[] x, double[] y, double[][] z, Double cap) {
        return LandscapeCanvas.encode(image(WIDTH, HEIGHT, ELEVATION_DEGREES, AZIMUTH_DEGREES,
                title, xLabel, yLabel, zLabel, x, y, z, cap));
    }

    /** Writes the picture to {@code target} atomically. */
    public static void write(Path target, String title, String xLabel, String yLabel, String zLabel,
            double[] x, double[] y, double[][] z, Double cap) {
        AtomicFiles.write(target, png(title, xLabel, yLabel, zLabel, x, y, z, cap));
    }

    /**
     * The picture at any size and view (for panels of several surfaces).
     *
     * @param elevationDegrees the viewer's height above the x–y plane
     * @param azimuthDegrees the viewer's direction in the x–y plane, from the x axis
     */
    static BufferedImage image(int width, int height, double elevationDegrees, double azimuthDegrees,
            String title, String xLabel, String yLabel, String zLabel, double[] x, double[] y, double[][] z, Double cap) {
        LandscapeGrid grid = LandscapeGrid.of(x, y, z, cap);
        double[] range = grid.range();
        BufferedImage image = LandscapeCanvas.blank(width, height);
        Graphics2D g = LandscapeCanvas.graphics(image);
        try {
            LandscapeCanvas.title(g, title, width);
            int barWidth = 18;
            Rectangle bar = new Rectangle(width - 110, (int) (height * 0.22), barWidth, (int) (height * 0.56));
            Rectangle area = new Rectangle(10, 40, bar.x - 40, height - 70);
            View view = new View(Math.toRadians(elevationDegrees), Math.toRadians(azimuthDegrees), area, x, y, range);
            double[] xTicks = LandscapeCanvas.ticks(x[0], x[x.length - 1], 6, false);
            double[] yTicks = LandscapeCanvas.ticks(y[0], y[y.length - 1], 6, false);
            double[] zTicks = LandscapeCanvas.ticks(range[0], range[1], 6, false);
            panes(g, view, xTicks, yTicks, zTicks);
            if (grid.hasValues()) {
                surface(g, view, grid, range);
            } else {
                LandscapeCanvas.message(g, "no finite values", area);
            }
            axes(g, view, xTicks, yTicks, zTicks, xLabel, yLabel, zLabel);
            LandscapeCanvas.colourBar(g, bar, range[0], range[1], null, grid.valueLabel(zLabel));
            LandscapeCanvas.footnote(g, grid.footnote(), width, height);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * An orthographic camera: box coordinates (x and y in [−1, 1], z in [−0.75, 0.75]) to pixels.
     * {@code eye} points from the box towards the viewer, {@code right} and {@code up} span the
     * screen; depth along {@code eye} orders the painting.
     */
    static final class View {
        final double[] eye;
        final double[] right;
        final double[] up;
        final double x0;
        final double x1;
        final double y0;
        final double y1;
        final double z0;
        final double z1;
        private final double scale;
        private final double centreX;
        private final double centreY;

        View(double elevation, double azimuth, Rectangle area, double[] x, double[] y, double[] range) {
            eye = new double[] {Math.cos(elevation) * Math.cos(azimuth), Math.cos(elevation) * Math.sin(azimuth),
                Math.sin(elevation)};
            right = new double[] {-Math.sin(azimuth), Math.cos(azimuth), 0};
            up = new double[] {-Math.sin(elevation) * Math.cos(azimuth), -Math.sin(elevation) * Math.sin(azimuth),
                Math.cos(elevation)};
            x0 = x[0];
            x1 = x[x.length - 1];
            y0 = y[0];
            y1 = y[y.length - 1];
            z0 = range[0];
            z1 = range[1];
            double minX = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (int corner = 0; corner < 8; corner++) {
                double[] p = {(corner & 1) == 0 ? -1 : 1, (corner & 2) == 0 ? -1 : 1, (corner & 4) == 0 ? -Z_HALF : Z_HALF};
                minX = Math.min(minX, dot(p, right));
                maxX = Math.max(maxX, dot(p, right));
                minY = Math.min(minY, dot(p, up));
                maxY = Math.max(maxY, dot(p, up));
            }
            int margin = 62; // room for tick values and axis titles around the box
            scale = Math.min((area.width - 2.0 * margin) / (maxX - minX), (area.height - 2.0 * margin) / (maxY - minY));
            centreX = area.getCenterX() - scale * (minX + maxX) / 2;
            centreY = area.getCenterY() + scale * (minY + maxY) / 2;
        }

        /** Box coordinates of a data point. */
        double[] box(double x, double y, double z) {
            return new double[] {2 * (x - x0) / (x1 - x0) - 1, 2 * (y - y0) / (y1 - y0) - 1,
                Z_HALF * (2 * (z - z0) / (z1 - z0) - 1)};
        }

        /** Pixel coordinates {sx, sy} of a box point. */
        double[] screen(double[] p) {
            return new double[] {centreX + scale * dot(p, right), centreY - scale * dot(p, up)};
        }

        double depth(double[] p) {
            return dot(p, eye);
        }
    }

    /** A grid cell to paint: its corners on screen, colour and depth. */
    private record Cell(Path2D outline, Color fill, double depth) {}

    private static void surface(Graphics2D g, View view, LandscapeGrid grid, double[] range) {
        double[] light = normalize(new double[] {
            view.eye[0] + 0.6 * view.up[0] - 0.5 * view.right[0],
            view.eye[1] + 0.6 * view.up[1] - 0.5 * view.right[1],
            view.eye[2] + 0.6 * view.up[2] - 0.5 * view.right[2]});
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i + 1 < grid.x.length; i++) {
            for (int j = 0; j + 1 < grid.y.length; j++) {
                double[][] corners = new double[4][];
                int[][] at = {{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}};
                double sum = 0;
                boolean hole = false;
                for (int k = 0; k < 4; k++) {
                    double v = grid.z[at[k][0]][at[k][1]];
                    hole |= Double.isNaN(v);
                    sum += v;
                    corners[k] = view.box(grid.x[at[k][0]], grid.y[at[k][1]], v);
                }
                if (hole) {
                    continue;
                }
                double[] normal = normalize(cross(minus(corners[2], corners[0]), minus(corners[3], corners[1])));
                if (dot(normal, view.eye) < 0) { // the side facing the viewer is the one lit
                    normal = new double[] {-normal[0], -normal[1], -normal[2]};
                }
                double lambert = Math.max(0, dot(normal, light));
                Color base = Viridis.at((sum / 4 - range[0]) / (range[1] - range[0]));
                Color fill = scaled(base, 0.5 + 0.5 * lambert);
                Path2D.Double outline = new Path2D.Double();
                double depth = 0;
                for (int k = 0; k < 4; k++) {
                    double[] s = view.screen(corners[k]);
                    if (k == 0) {
                        outline.moveTo(s[0], s[1]);
                    } else {
                        outline.lineTo(s[0], s[1]);
                    }
                    depth += view.depth(corners[k]);
                }
                outline.closePath();
                cells.add(new Cell(outline, fill, depth));
            }
        }
        cells.sort(Comparator.comparingDouble(Cell::depth));
        g.setStroke(new BasicStroke(0.6f));
        for (Cell cell : cells) {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setColor(cell.fill());
            g.fill(cell.outline());
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(scaled(cell.fill(), 0.72)); // the mesh, which also hides seams between cells
            g.draw(cell.outline());
        }
    }

    /** The three panes behind the surface (away from the viewer), with grid lines at the ticks. */
    private static void panes(Graphics2D g, View view, double[] xTicks, double[] yTicks, double[] zTicks) {
        double farX = view.eye[0] > 0 ? -1 : 1;
        double farY = view.eye[1] > 0 ? -1 : 1;
        double floor = view.eye[2] > 0 ? -Z_HALF : Z_HALF;
        pane(g, view, new double[][] {{farX, -1, -Z_HALF}, {farX, 1, -Z_HALF}, {farX, 1, Z_HALF}, {farX, -1, Z_HALF}});
        pane(g, view, new double[][] {{-1, farY, -Z_HALF}, {1, farY, -Z_HALF}, {1, farY, Z_HALF}, {-1, farY, Z_HALF}});
        pane(g, view, new double[][] {{-1, -1, floor}, {1, -1, floor}, {1, 1, floor}, {-1, 1, floor}});
        g.setColor(PANE_GRID);
        g.setStroke(new BasicStroke(0.8f));
        for (double t : xTicks) {
            double bx = view.box(t, view.y0, view.z0)[0];
            line(g, view, new double[] {bx, -1, floor}, new double[] {bx, 1, floor});
            line(g, view, new double[] {bx, farY, -Z_HALF}, new double[] {bx, farY, Z_HALF});
        }
        for (double t : yTicks) {
            double by = view.box(view.x0, t, view.z0)[1];
            line(g, view, new double[] {-1, by, floor}, new double[] {1, by, floor});
            line(g, view, new double[] {farX, by, -Z_HALF}, new double[] {farX, by, Z_HALF});
        }
        for (double t : zTicks) {
            double bz = view.box(view.x0, view.y0, t)[2];
            line(g, view, new double[] {farX, -1, bz}, new double[] {farX, 1, bz});
            line(g, view, new double[] {-1, farY, bz}, new double[] {1, farY, bz});
        }
    }

    private static void pane(Graphics2D g, View view, double[][] corners) {
        Path2D.Double path = new Path2D.Double();
        for (int k = 0; k < corners.length; k++) {
            double[] s = view.screen(corners[k]);
            if (k == 0) {
                path.moveTo(s[0], s[1]);
            } else {
                path.lineTo(s[0], s[1]);
            }
        }
        path.closePath();
        g.setColor(PANE);
        g.fill(path);
        g.setColor(PANE_EDGE);
        g.setStroke(new BasicStroke(1f));
        g.draw(path);
    }

    /**
     * The x axis along the front bottom edge parallel to x, the y axis along the other front
     * bottom edge, and the z axis up the leftmost vertical edge, each with ticks, values and a title.
     */
    private static void axes(Graphics2D g, View view, double[] xTicks, double[] yTicks, double[] zTicks,
            String xLabel, String yLabel, String zLabel) {
        double nearX = view.eye[0] > 0 ? 1 : -1;
        double nearY = view.eye[1] > 0 ? 1 : -1;
        double bottom = -Z_HALF;
        g.setColor(LandscapeCanvas.TEXT);
        g.setStroke(new BasicStroke(1.2f));
        line(g, view, new double[] {-1, nearY, bottom}, new double[] {1, nearY, bottom});
        line(g, view, new double[] {nearX, -1, bottom}, new double[] {nearX, 1, bottom});
        double leftX = 0;
        double leftY = 0;
        double leftmost = Double.POSITIVE_INFINITY;
        for (double cx : new double[] {-1, 1}) {
            for (double cy : new double[] {-1, 1}) {
                double sx = view.screen(new double[] {cx, cy, 0})[0];
                if (sx < leftmost) {
                    leftmost = sx;
                    leftX = cx;
                    leftY = cy;
                }
            }
        }
        line(g, view, new double[] {leftX, leftY, -Z_HALF}, new double[] {leftX, leftY, Z_HALF});

        g.setFont(LandscapeCanvas.TICK_FONT);
        Function<Double, String> xFormat = PlotNumbers.ticks(xTicks[0], xTicks[xTicks.length - 1]);
        for (double t : xTicks) {
            double bx = view.box(t, view.y0, view.z0)[0];
            tick(g, view, new double[] {bx, nearY, bottom}, new double[] {0, nearY * 0.06, 0});
            at(g, view, xFormat.apply(t), new double[] {bx, nearY * 1.2, bottom});
        }
        Function<Double, String> yFormat = PlotNumbers.ticks(yTicks[0], yTicks[yTicks.length - 1]);
        for (double t : yTicks) {
            double by = view.box(view.x0, t, view.z0)[1];
            tick(g, view, new double[] {nearX, by, bottom}, new double[] {nearX * 0.06, 0, 0});
            at(g, view, yFormat.apply(t), new double[] {nearX * 1.2, by, bottom});
        }
        Function<Double, String> zFormat = PlotNumbers.ticks(zTicks[0], zTicks[zTicks.length - 1]);
        FontMetrics metrics = g.getFontMetrics();
        int widest = 0;
        double edgeX = view.screen(new double[] {leftX, leftY, 0})[0];
        for (double t : zTicks) {
            double[] s = view.screen(new double[] {leftX, leftY, view.box(view.x0, view.y0, t)[2]});
            g.draw(new Line2D.Double(s[0] - 5, s[1], s[0], s[1]));
            String text = zFormat.apply(t);
            widest = Math.max(widest, metrics.stringWidth(text));
            g.drawString(text, (float) (s[0] - 8 - metrics.stringWidth(text)),
                    (float) (s[1] + (metrics.getAscent() - metrics.getDescent()) / 2.0));
        }
        g.setFont(LandscapeCanvas.LABEL_FONT);
        at(g, view, xLabel, new double[] {0, nearY * 1.5, bottom});
        awayFromTicks(g, view, yLabel, new double[] {nearX * 1.2, 0, bottom}, new double[] {nearX * 1.5, 0, bottom});
        LandscapeCanvas.vertical(g, zLabel, edgeX - widest - 22, view.screen(new double[] {leftX, leftY, 0})[1]);
    }

    private static void tick(Graphics2D g, View view, double[] p, double[] outward) {
        line(g, view, p, new double[] {p[0] + outward[0], p[1] + outward[1], p[2] + outward[2]});
    }

    /** Text centred on the screen position of box point {@code p}. */
    private static void at(Graphics2D g, View view, String text, double[] p) {
        double[] s = view.screen(p);
        LandscapeCanvas.centred(g, text, s[0], s[1]);
    }

    /**
     * Text beyond box point {@code anchor}, seen from the tick values at {@code ticks}: its near
     * edge at the anchor, so that a long title does not run back over the values.
     */
    private static void awayFromTicks(Graphics2D g, View view, String text, double[] ticks, double[] anchor) {
        double[] from = view.screen(ticks);
        double[] to = view.screen(anchor);
        double dx = to[0] - from[0];
        double dy = to[1] - from[1];
        double length = Math.hypot(dx, dy);
        FontMetrics metrics = g.getFontMetrics();
        double halfExtent = length == 0 ? 0 : (Math.abs(dx) * metrics.stringWidth(text) / 2.0
                + Math.abs(dy) * metrics.getHeight() / 2.0) / length;
        double ux = length == 0 ? 0 : dx / length;
        double uy = length == 0 ? 0 : dy / length;
        LandscapeCanvas.centred(g, text, to[0] + ux * halfExtent, to[1] + uy * halfExtent);
    }

    private static void line(Graphics2D g, View view, double[] a, double[] b) {
        double[] sa = view.screen(a);
        double[] sb = view.screen(b);
        g.draw(new Line2D.Double(sa[0], sa[1], sb[0], sb[1]));
    }

    private static Color scaled(Color c, double f) {
        return new Color((int) Math.round(c.getRed() * f), (int) Math.round(c.getGreen() * f),
                (int) Math.round(c.getBlue() * f));
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] minus(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    /** {@code v} scaled to length one; a zero vector (a degenerate cell) is taken as vertical. */
    private static double[] normalize(double[] v) {
        double length = Math.sqrt(dot(v, v));
        return length == 0 ? new double[] {0, 0, 1} : new double[] {v[0] / length, v[1] / length, v[2] / length};
    }
}
