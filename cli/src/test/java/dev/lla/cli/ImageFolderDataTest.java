package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.data.Dataset;
import dev.lla.core.data.NpzDatasetReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lla hesd} on the 8×8 digits written as a folder of grayscale PNGs, one per class. */
class ImageFolderDataTest {

    private static final int N = 200;

    @TempDir Path temp;

    @Test
    void hesdOnAnImageFolderOfDigits() throws IOException {
        Dataset digits = NpzDatasetReader.read(TestData.digitsTrain(), "x", "y");
        Path folder = temp.resolve("digits");
        for (int i = 0; i < Math.min(N, digits.size()); i++) {
            float[] sample = digits.sample(i);
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    image.getRaster().setSample(c, r, 0, Math.round(sample[r * 8 + c] * 255f));
                }
            }
            Path file = temp.resolve("digits/" + digits.label(i) + "/" + i + ".png");
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        }
        CliRun run = HesdArgs.tiny(temp.resolve("out")).with("--data", folder.toString())
                .flag("--json").flag("--quiet").run();
        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("\"classes\""), run.out());
    }
}
