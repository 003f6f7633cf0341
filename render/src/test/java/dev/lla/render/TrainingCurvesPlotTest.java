package dev.lla.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.train.EpochRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Training curves decode as PNG of the promised size, with the curves' colours drawn, and survive missing values. */
class TrainingCurvesPlotTest {

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static int pixelsOf(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void trainAndEvalCurvesAreDrawn() throws IOException {
        List<EpochRecord> epochs = List.of(
                new EpochRecord(0, Double.NaN, Double.NaN, new EpochRecord.Eval(2.3, 0.1), true, 0),
                new EpochRecord(1, 1.2, 0.6, new EpochRecord.Eval(0.5, 0.85), true, 1),
                new EpochRecord(2, 0.3, 0.9, new EpochRecord.Eval(0.25, 0.93), true, 1));
        BufferedImage image = decode(TrainingCurvesPlot.png("title", epochs));
        assertEquals(TrainingCurvesPlot.WIDTH, image.getWidth());
        assertEquals(40 + 2 * TrainingCurvesPlot.PANEL_HEIGHT, image.getHeight());
        assertTrue(pixelsOf(image, 0x1f77b4) > 100, "train curve (blue)");
        assertTrue(pixelsOf(image, 0xd62728) > 100, "eval curve (red)");
    }

    @Test
    void withoutEvaluationOrFiniteValuesItStillRenders() throws IOException {
        List<EpochRecord> epochs = List.of(
                new EpochRecord(0, Double.NaN, Double.NaN, null, true, 0),
                new EpochRecord(1, Double.NaN, Double.NaN, null, true, 1));
        BufferedImage image = decode(TrainingCurvesPlot.png("nothing finite", epochs));
        assertEquals(0, pixelsOf(image, 0xd62728), "no eval curve");
    }
}
