package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertInputError;
import static dev.lla.core.data.fixtures.LlaAssertions.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.lla.core.provenance.FileDigest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir Path temp;

    /** Writes a w×h RGB PNG whose pixel (x, y) is (r0 + x, 10y, 200 + x + y). */
    static Path rgbPng(Path file, int w, int h, int r0) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, ((r0 + x) << 16) | ((10 * y) << 8) | (200 + x + y));
            }
        }
        return write(image, "png", file);
    }

    /** Writes a w×h 8-bit grayscale image whose pixel (x, y) is {@code value + 16y + x}. */
    static Path grayImage(Path file, int w, int h, int value, String format) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, value + 16 * y + x);
            }
        }
        return write(image, format, file);
    }

    static Path write(BufferedImage image, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no ImageIO writer for " + format);
        }
        return file;
    }

    private static Dataset load(Path dir) {
        return DatasetLoader.load(DataRequest.of(dir, Split.TRAIN));
    }

    @Test
    void rgbPngPixelsExactlyInChannelOrder() throws IOException {
        rgbPng(temp.resolve("cat/a.png"), 3, 2, 5);
        Dataset d = load(temp);
        assertArrayEquals(new int[] {3, 2, 3}, d.sampleShape());
        float[] expected = new float[18];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                expected[y * 3 + x] = (5 + x) / 255f;
                expected[6 + y * 3 + x] = (10 * y) / 255f;
                expected[12 + y * 3 + x] = (200 + x + y) / 255f;
            }
        }
        assertArrayEquals(expected, d.batch(0, new int[] {0}).pixels());
        assertEquals(List.of("cat"), d.classNames());
        assertEquals(List.of(temp), d.files());
    }

    @Test
    void rgbaDropsAlpha() throws IOException {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, (17 << 24) | (1 << 16) | (2 << 8) | 3);
        write(image, "png", temp.resolve("a/x.png"));
        assertArrayEquals(new float[] {1 / 255f, 2 / 255f, 3 / 255f}, load(temp).sample(0));
    }

    @Test
    void grayscalePngIsOneChannelExact() throws IOException {
        grayImage(temp.resolve("c/g.png"), 4, 3, 7, "png");
        Dataset d = load(temp);
        assertArrayEquals(new int[] {1, 3, 4}, d.sampleShape());
        float[] s = d.sample(0);
        assertEquals((7 + 16 * 2 + 3) / 255f, s[2 * 4 + 3]);
        assertEquals(7 / 255f, s[0]);
    }

    @Test
    void jpegWithinTolerance() throws IOException {
        grayImage(temp.resolve("c/g.JPG"), 8, 8, 60, "jpg");
        float[] s = load(temp).sample(0);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertEquals((60 + 16 * y + x) / 255.0, s[y * 8 + x], 6 / 255.0);
            }
        }
    }

    @Test
    void classesSortedByNameAndLabelled() throws IOException {
        for (String cls : List.of("b", "B", "a", "10", "9")) {
            grayImage(temp.resolve(cls + "/x.png"), 2, 2, 0, "png");
        }
        grayImage(temp.resolve("a/sub/y.png"), 2, 2, 0, "png");
        Files.writeString(temp.resolve("a/notes.txt"), "ignored");
        Dataset d = load(temp);
        assertEquals(List.of("10", "9", "B", "a", "b"), d.classNames());
        assertArrayEquals(new int[] {0, 1, 2, 3, 3, 4}, d.labels());
        assertEquals(4, d.maxLabel());
    }

    @Test
    void splitSubfoldersPickedBySplit() throws IOException {
        grayImage(temp.resolve("train/a/x.png"), 2, 2, 0, "png");
        grayImage(temp.resolve("train/b/x.png"), 2, 2, 0, "png");
        grayImage(temp.resolve("val/a/x.png"), 3, 3, 0, "png");
        assertEquals(2, load(temp).size());
        Dataset test = DatasetLoader.load(DataRequest.of(temp, Split.TEST));
        assertEquals(1, test.size());
        assertArrayEquals(new int[] {1, 3, 3}, test.sampleShape());
        assertEquals(List.of(temp.resolve("val")), test.files());
    }

    @Test
    void detectionAndForcedFormat() throws IOException {
        grayImage(temp.resolve("a/x.png"), 2, 2, 0, "png");
        assertInstanceOf(DataSource.ImageFolder.class,
                DatasetLoader.resolve(DataRequest.of(temp, Split.TRAIN)));
        Path nested = temp.resolve("deep");
        grayImage(nested.resolve("a/inner/x.png"), 2, 2, 0, "png");
        assertInputError(() -> DatasetLoader.resolve(DataRequest.of(nested, Split.TRAIN)),
                nested.toString(), "no dataset found");
        DataRequest forced = DataRequest.of(nested, Split.TRAIN)
                .withFormat(DataFormat.IMAGEFOLDER);
        assertEquals(1, DatasetLoader.load(forced).size());
        assertUsageError(() -> DatasetLoader.resolve(DataRequest.of(nested.resolve(
                "a/inner/x.png"), Split.TRAIN).withFormat(DataFormat.IMAGEFOLDER)),
                "x.png", "imagefolder");
    }

    @Test
    void emptyClassFolderAndNoClassesAreInputErrors() throws IOException {
        grayImage(temp.resolve("a/x.png"), 2, 2, 0, "png");
        Files.createDirectories(temp.resolve("b"));
        assertInputError(() -> load(temp), temp.resolve("b").toString(), "empty class folder");
        Path flat = Files.createDirectories(temp.resolve("flat"));
        grayImage(flat.resolve("x.png"), 2, 2, 0, "png");
        DataRequest forced = DataRequest.of(flat, Split.TRAIN).withFormat(DataFormat.IMAGEFOLDER);
        assertInputError(() -> DatasetLoader.load(forced), flat.toString(), "no class subfolders");
    }

    @Test
    void corruptImageReportedOnlyInItsBatch() throws IOException {
        grayImage(temp.resolve("a/1.png"), 2, 2, 0, "png");
        grayImage(temp.resolve("a/2.png"), 2, 2, 9, "png");
        Files.createDirectories(temp.resolve("b"));
        Path bad = Files.writeString(temp.resolve("b/bad.png"), "not a png");
        Dataset d = load(temp);
        assertEquals(3, d.size());
        assertEquals(1, d.maxLabel());
        assertEquals(2, d.batch(0, new int[] {1, 0}).size());
        assertInputError(() -> d.batch(1, new int[] {0, 2}), bad.toString(), "cannot decode");
    }

    @Test
    void shapeMismatchNamesFileAndShapesAndResizeFixesIt() throws IOException {
        grayImage(temp.resolve("a/1.png"), 4, 4, 0, "png");
        Path other = grayImage(temp.resolve("a/2.png"), 6, 5, 0, "png");
        Dataset d = load(temp);
        assertInputError(() -> d.batch(0, new int[] {0, 1}), other.toString(), "1×5×6",
                "1×4×4", "--resize");
        DataRequest resized = DataRequest.of(temp, Split.TRAIN).withTransforms(
                TransformPipeline.NONE.withResize(new BilinearResize(2, 2)));
        Dataset r = DatasetLoader.load(resized);
        assertArrayEquals(new int[] {1, 2, 2}, r.sampleShape());
        assertArrayEquals(new long[] {2, 1, 2, 2}, r.batch(0, new int[] {0, 1}).shape());
    }

    @Test
    void transformsMatchInMemoryTransforms() throws IOException {
        rgbPng(temp.resolve("a/1.png"), 6, 4, 3);
        TransformPipeline t = TransformPipeline.NONE.withGrayscale(true)
                .withResize(new BilinearResize(3, 3)).withCenterCrop(new CenterCrop(2, 2));
        Dataset raw = load(temp);
        Dataset inMemory = new Dataset(raw.sample(0), raw.sampleShape(), raw.labels(), "m",
                List.of()).transformed(t);
        Dataset lazy = raw.transformed(t);
        assertArrayEquals(inMemory.sample(0), lazy.batch(0, new int[] {0}).pixels());
    }

    @Test
    void listingDigestIsDeterministicAndSeesSizes() throws IOException {
        grayImage(temp.resolve("a/1.png"), 2, 2, 0, "png");
        FileDigest first = FileDigest.of(temp);
        assertEquals(first, FileDigest.of(temp));
        assertEquals(Files.size(temp.resolve("a/1.png")), first.bytes());
        grayImage(temp.resolve("a/2.png"), 2, 2, 0, "png");
        assertEquals(64, FileDigest.of(temp).sha256().length());
        assertEquals(false, first.sha256().equals(FileDigest.of(temp).sha256()));
    }
}
