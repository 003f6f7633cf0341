package dev.lla.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.spectrum.Density;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The overlay decodes as a PNG, draws each curve in its own colour, and survives non-finite values. */
class SpectrumOverlayPlotTest {

    private static Density bump(double centre, double low, double high) {
        double[] grid = new double[200];
        double[] values = new double[200];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = low + (high - low) * i / (grid.length - 1);
            values[i] = Math.exp(-Math.pow((grid[i] - centre) / 0.1, 2));
        }
        return new Density(grid, values);
    }

    @Test
    void curvesOnTheirOwnGridsAreAllDrawn() throws IOException {
        byte[] png = SpectrumOverlayPlot.png("overlay", List.of(
                new SpectrumOverlayPlot.Curve("H", bump(1, -1, 3), 2.5),
                new SpectrumOverlayPlot.Curve("G", bump(2, 0, 3), 2.6),
                new SpectrumOverlayPlot.Curve("NME", bump(0, -0.5, 0.5), Double.NaN)));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(900, image.getWidth());
        assertEquals(560, image.getHeight());
        // Blue (H), red (G) and green (NME) pixels are all on the chart.
        assertTrue(count(image, 31, 119, 180) > 50, "H");
        assertTrue(count(image, 214, 39, 40) > 50, "G");
        assertTrue(count(image, 44, 160, 44) > 50, "NME");
    }

    @Test
    void nonFiniteDensitiesAreDrawnAtTheFloor() throws IOException {
        Density broken = new Density(new double[] {0, 1, 2}, new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0});
        byte[] png = SpectrumOverlayPlot.png("broken", List.of(new SpectrumOverlayPlot.Curve("H", broken, 1)));
        assertTrue(ImageIO.read(new ByteArrayInputStream(png)) != null);
    }

    @Test
    void noCurveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SpectrumOverlayPlot.png("none", List.of()));
    }

    private static int count(BufferedImage image, int r, int g, int b) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) == r && ((rgb >> 8) & 0xff) == g && (rgb & 0xff) == b) {
                    n++;
                }
            }
        }
        return n;
    }
}
