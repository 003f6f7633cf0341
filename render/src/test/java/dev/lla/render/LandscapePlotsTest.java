package dev.lla.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landscape pictures decode as PNG of the promised size with something drawn where the data
 * are, survive holes, an all-hole grid and exploding values, draw capped values at the cap, and a
 * 41 × 41 grid renders quickly.
 */
class LandscapePlotsTest {

    @TempDir Path temp;

    private static double[] axis(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = -1 + 2.0 * i / (n - 1);
        }
        return v;
    }

    /** The bowl x² + 2y². */
    private static double[][] bowl(double[] x, double[] y) {
        double[][] z = new double[x.length][y.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                z[i][j] = x[i] * x[i] + 2 * y[j] * y[j];
            }
        }
        return z;
    }

    /** The bowl with an exploding corner (x, y > 0.5) and a few non-finite points. */
    private static double[][] exploding(double[] x, double[] y) {
        double[][] z = bowl(x, y);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                if (x[i] > 0.5 && y[j] > 0.5) {
                    z[i][j] = 1e6;
                }
            }
        }
        z[2][2] = Double.NaN;
        z[3][2] = Double.POSITIVE_INFINITY;
        z[2][3] = Double.NEGATIVE_INFINITY;
        return z;
    }

    private interface Plot {
        byte[] png(String title, String xLabel, String yLabel, String zLabel,
                double[] x, double[] y, double[][] z, Double cap);
    }

    private static final Plot[] GRID_PLOTS = {SurfacePlot::png, ContourPlot::png, HeatmapPlot::png};

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, "not a PNG");
        return image;
    }

    /** How many pixels of {@code region} are neither white nor grey: coloured data. */
    private static int coloured(BufferedImage image, Rectangle region) {
        int count = 0;
        for (int px = region.x; px < region.getMaxX(); px++) {
            for (int py = region.y; py < region.getMaxY(); py++) {
                Color c = new Color(image.getRGB(px, py));
                int spread = Math.max(c.getRed(), Math.max(c.getGreen(), c.getBlue()))
                        - Math.min(c.getRed(), Math.min(c.getGreen(), c.getBlue()));
                if (spread > 40) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean near(Color a, Color b, int tolerance) {
        return Math.abs(a.getRed() - b.getRed()) <= tolerance && Math.abs(a.getGreen() - b.getGreen()) <= tolerance
                && Math.abs(a.getBlue() - b.getBlue()) <= tolerance;
    }

    @Test
    void everyGridPlotHasTheSizeAndColourInTheMiddle() throws IOException {
        double[] x = axis(21);
        double[] y = axis(11);
        for (Plot plot : GRID_PLOTS) {
            BufferedImage image = decode(plot.png("bowl", "d1", "d2", "loss", x, y, bowl(x, y), null));
            assertEquals(LandscapeCanvas.WIDTH, image.getWidth());
            assertEquals(LandscapeCanvas.HEIGHT, image.getHeight());
            int area = 200 * 200;
            assertTrue(coloured(image, new Rectangle(200, 200, 200, 200)) > area / 2, "middle of the plot is blank");
        }
    }

    @Test
    void holesExplosionsAndAnAllHoleGridDoNotCrash() throws IOException {
        double[] x = axis(15);
        double[] y = axis(15);
        double[][] allNaN = new double[15][15];
        for (double[] row : allNaN) {
            Arrays.fill(row, Double.NaN);
        }
        for (Plot plot : GRID_PLOTS) {
            for (Double cap : new Double[] {null, 10.0}) {
                decode(plot.png("exploding", "d1", "d2", "loss", x, y, exploding(x, y), cap));
                BufferedImage empty = decode(plot.png("none", "d1", "d2", "loss", x, y, allNaN, cap));
                assertEquals(LandscapeCanvas.WIDTH, empty.getWidth());
            }
            double[][] flat = new double[15][15]; // a single value: the colour range must widen
            decode(plot.png("flat", "d1", "d2", "loss", x, y, flat, null));
        }
    }

    @Test
    void holesAreGreyInTheHeatmap() throws IOException {
        double[] x = axis(5);
        double[] y = axis(5);
        double[][] z = bowl(x, y);
        z[0][0] = Double.NaN;
        BufferedImage image = decode(HeatmapPlot.png("hole", "d1", "d2", "loss", x, y, z, null));
        Rectangle area = HeatmapPlot.AREA;
        // cell (0, 0) is the bottom-left fifth of the plot area
        Color c = new Color(image.getRGB(area.x + area.width / 10, (int) area.getMaxY() - area.height / 10));
        assertEquals(LandscapeCanvas.HOLE, c);
    }

    @Test
    void cappedValuesAreDrawnAtTheCap() throws IOException {
        double[] x = axis(9);
        double[] y = axis(9);
        double[][] z = exploding(x, y);
        BufferedImage image = decode(HeatmapPlot.png("capped", "d1", "d2", "loss", x, y, z, 10.0));
        Rectangle area = HeatmapPlot.AREA;
        // the corner x, y > 0.5 holds the top of the map; without the cap 1e6 would flatten the rest
        Color corner = new Color(image.getRGB((int) area.getMaxX() - 10, area.y + 10));
        assertTrue(near(corner, Viridis.at(1), 2), "corner " + corner);
        // beside the origin marker, still in the centre cell (value 0, the lowest)
        Color centre = new Color(image.getRGB((int) area.getCenterX() + 20, (int) area.getCenterY() + 20));
        assertTrue(near(centre, Viridis.at(0), 2), "centre " + centre);

        LandscapeGrid grid = LandscapeGrid.of(x, y, z, 10.0);
        assertEquals(10.0, grid.hi);
        assertEquals(2 * 2 + 1, grid.capped); // the corner (x, y in {0.75, 1}), and +∞
        assertEquals(2, grid.holes); // NaN and −∞
        assertTrue(grid.footnote().contains("above the cap 10"));
        assertEquals("loss (clipped at 10)", grid.valueLabel("loss"));
        assertEquals(1e6, z[8][8]); // the input is left as it was
    }

    @Test
    void aFortyOneByFortyOneGridRendersQuickly() {
        double[] x = axis(41);
        double[] y = axis(41);
        double[][] z = exploding(x, y);
        for (Plot plot : GRID_PLOTS) {
            plot.png("warm-up", "d1", "d2", "loss", x, y, z, 10.0);
        }
        long start = System.nanoTime();
        for (Plot plot : GRID_PLOTS) {
            plot.png("41 x 41", "d1", "d2", "loss", x, y, z, 10.0);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 5, "three pictures took " + seconds + " s");
    }

    @Test
    void badShapesAreRejected() {
        double[] x = axis(3);
        double[] y = axis(4);
        assertThrows(IllegalArgumentException.class,
                () -> ContourPlot.png("t", "a", "b", "c", x, y, new double[3][3], null));
        assertThrows(IllegalArgumentException.class,
                () -> SurfacePlot.png("t", "a", "b", "c", x, y, new double[2][4], null));
        assertThrows(IllegalArgumentException.class,
                () -> HeatmapPlot.png("t", "a", "b", "c", new double[] {0, 0, 1}, y, new double[3][4], null));
        assertThrows(IllegalArgumentException.class,
                () -> HeatmapPlot.png("t", "a", "b", "c", new double[] {0}, y, new double[1][4], null));
        assertThrows(IllegalArgumentException.class,
                () -> HeatmapPlot.png("t", "a", "b", "c", x, y, new double[3][4], Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> CurvePlot.png("t", x, new double[2], null));
    }

    @Test
    void contourLevelsAreRoundAndCoverTheRange() {
        double[] levels = ContourPlot.levels(0, 3);
        assertEquals(0, levels[0]);
        assertEquals(3, levels[levels.length - 1], 1e-12);
        assertTrue(levels.length - 1 >= 7 && levels.length - 1 <= 18, Arrays.toString(levels));
        double[] uneven = ContourPlot.levels(0.37, 9.2);
        assertTrue(uneven[0] <= 0.37 && uneven[uneven.length - 1] >= 9.2, Arrays.toString(uneven));
    }

    @Test
    void clippingATriangleKeepsThePartOnTheRightSideOfTheLevel() {
        double[][] triangle = {{0, 0, 0}, {2, 0, 2}, {0, 2, 2}};
        double[][] low = ContourPlot.clip(triangle, 1, false);
        assertEquals(3, low.length); // the corner at value 0 and two midpoints
        assertArrayEquals(new double[] {1, 0, 1}, low[1], 1e-12);
        double[][] high = ContourPlot.clip(triangle, 1, true);
        assertEquals(4, high.length);
        assertEquals(0, ContourPlot.clip(triangle, 3, true).length);
    }

    @Test
    void viridisRunsFromPurpleToYellow() {
        assertEquals(new Color(68, 1, 84), Viridis.at(0));
        assertEquals(new Color(253, 231, 37), Viridis.at(1));
        assertEquals(new Color(38, 130, 142), Viridis.at(0.5));
        assertEquals(Viridis.at(1), Viridis.at(7));
        assertEquals(Viridis.at(0), Viridis.at(Double.NaN));
    }

    @Test
    void curvesDrawLossAndAccuracyWithGapsAndACap() throws IOException {
        double[] x = axis(21);
        double[] loss = new double[21];
        double[] accuracy = new double[21];
        for (int i = 0; i < 21; i++) {
            loss[i] = 0.3 + 3 * x[i] * x[i];
            accuracy[i] = 0.95 - 0.5 * x[i] * x[i];
        }
        loss[3] = Double.NaN;
        loss[20] = 1e6;
        accuracy[3] = Double.NaN;
        BufferedImage both = decode(CurvePlot.png("1D", "d1", x, loss, accuracy, 2.5));
        assertEquals(CurvePlot.WIDTH, both.getWidth());
        assertTrue(coloured(both, CurvePlot.LOSS_AREA) > 500, "no loss curve");
        assertTrue(coloured(both, CurvePlot.ACCURACY_AREA) > 500, "no accuracy curve");
        BufferedImage lossOnly = decode(CurvePlot.png("1D", x, loss, null));
        assertTrue(coloured(lossOnly, CurvePlot.SINGLE_AREA) > 500, "no loss curve");
        double[] none = new double[21];
        Arrays.fill(none, Double.NaN);
        decode(CurvePlot.png("nothing", x, none, none));
    }

    @Test
    void writeReplacesTheFileWhole() throws IOException {
        double[] x = axis(5);
        double[] y = axis(5);
        Path target = temp.resolve("out/surface.png");
        SurfacePlot.write(target, "bowl", "d1", "d2", "loss", x, y, bowl(x, y), null);
        ContourPlot.write(temp.resolve("contour.png"), "bowl", "d1", "d2", "loss", x, y, bowl(x, y), null);
        HeatmapPlot.write(temp.resolve("heatmap.png"), "bowl", "d1", "d2", "loss", x, y, bowl(x, y), null);
        CurvePlot.write(temp.resolve("curve.png"), "1D", "d1", x, x, null, null);
        for (String name : new String[] {"out/surface.png", "contour.png", "heatmap.png", "curve.png"}) {
            decode(Files.readAllBytes(temp.resolve(name)));
        }
        try (var listing = Files.list(temp.resolve("out"))) {
            assertEquals(1, listing.count()); // no temporary file left behind
        }
    }
}
