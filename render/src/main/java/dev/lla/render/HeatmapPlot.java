package dev.lla.render;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A heatmap of a 2D landscape: one cell per grid point, centred on it (edges halfway between
 * neighbours), coloured on a continuous map, with a colour bar and the origin marked. Holes are
 * grey.
 */
public final class HeatmapPlot {

    static final int WIDTH = LandscapeCanvas.WIDTH;
    static final int HEIGHT = LandscapeCanvas.HEIGHT;
    static final Rectangle AREA = ContourPlot.AREA;

    private HeatmapPlot() {}

    /** Renders the picture as PNG bytes; the arguments are those of {@link ContourPlot#png}. */
    public static byte[] png(String title, String xLabel, String yLabel, String zLabel,
            double[] x, double[] y, double[][] z, Double cap) {
        LandscapeGrid grid = LandscapeGrid.of(x, y, z, cap);
        double[] xEdges = edges(x);
        double[] yEdges = edges(y);
        BufferedImage image = LandscapeCanvas.blank(WIDTH, HEIGHT);
        Graphics2D g = LandscapeCanvas.graphics(image);
        try {
            LandscapeCanvas.title(g, title, WIDTH);
            LandscapeCanvas.Frame frame = new LandscapeCanvas.Frame(
                    AREA, xEdges[0], xEdges[x.length], yEdges[0], yEdges[y.length]);
            double[] range = grid.range();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < y.length; j++) {
                    double v = grid.z[i][j];
                    g.setColor(Double.isNaN(v) ? LandscapeCanvas.HOLE
                            : Viridis.at((v - range[0]) / (range[1] - range[0])));
                    double left = Math.floor(frame.px(xEdges[i]));
                    double top = Math.floor(frame.py(yEdges[j + 1]));
                    g.fill(new Rectangle2D.Double(left, top,
                            Math.floor(frame.px(xEdges[i + 1])) - left, Math.floor(frame.py(yEdges[j])) - top));
                }
            }
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (!grid.hasValues()) {
                LandscapeCanvas.message(g, "no finite values", AREA);
            }
            ContourPlot.origin(g, frame);
            frame.axes(g, xLabel, yLabel, true);
            Rectangle bar = new Rectangle(AREA.x + AREA.width + 25, AREA.y, 20, AREA.height);
            LandscapeCanvas.colourBar(g, bar, range[0], range[1], null, grid.valueLabel(zLabel));
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

    /** Cell edges: halfway between coordinates, half a step beyond the first and the last. */
    static double[] edges(double[] c) {
        int n = c.length;
        double[] edges = new double[n + 1];
        for (int k = 1; k < n; k++) {
            edges[k] = (c[k - 1] + c[k]) / 2;
        }
        edges[0] = c[0] - (c[1] - c[0]) / 2;
        edges[n] = c[n - 1] + (c[n - 1] - c[n - 2]) / 2;
        return edges;
    }
}
