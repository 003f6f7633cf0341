package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.data.fixtures.DataFiles;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixed order, shape propagation, the dataset hook and PyTorch's own resize. */
class TransformPipelineTest {

    @TempDir Path dir;

    private static final TransformPipeline ALL = TransformPipeline.NONE
            // Given in reverse: the pipeline's order must not depend on it.
            .withNormalization(new Normalization(0.5, 0.5))
            .withScale(new RangeScale(0, 2))
            .withPad(new ZeroPad(1, 2))
            .withCenterCrop(new CenterCrop(2, 2))
            .withResize(new BilinearResize(4, 4))
            .withGrayscale(true);

    @Test
    void stepsRunInTheDocumentedOrder() {
        List<Class<?>> order = ALL.steps().stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(Grayscale.class, BilinearResize.class, CenterCrop.class,
                ZeroPad.class, RangeScale.class, Normalization.class), order);
        assertTrue(ALL.toString().startsWith("grayscale → resize 4x4"), ALL.toString());
        assertTrue(ALL.toString().endsWith("pad 1,2 → scale 0.0,2.0 → normalize 0.5,0.5"),
                ALL.toString());
        assertEquals("none", TransformPipeline.NONE.toString());
    }

    @Test
    void shapesPropagate() {
        assertArrayEquals(new int[] {1, 4, 6}, ALL.outputShape(new int[] {3, 6, 6}));
        assertArrayEquals(new int[] {3, 6, 6}, TransformPipeline.NONE.outputShape(
                new int[] {3, 6, 6}));
    }

    @Test
    void valuesFollowTheOrder() {
        // Grey value 0.25 everywhere: resizing and cropping keep it, padding adds zeros, scale
        // doubles (0 -> 0, 0.25 -> 0.5), normalize gives (x - 0.5)/0.5: -1 on the border, 0 inside.
        float[] in = new float[3 * 6 * 6];
        java.util.Arrays.fill(in, 0.25f);
        float[] out = ALL.apply(in, new int[] {3, 6, 6});
        float[] expected = new float[4 * 6];
        java.util.Arrays.fill(expected, -1f);
        for (int y = 1; y <= 2; y++) {
            for (int x = 2; x <= 3; x++) {
                expected[y * 6 + x] = 0f;
            }
        }
        assertArrayEquals(expected, out, 1e-6f);
    }

    @Test
    void shapeErrorsSurfaceBeforeAnyWork() {
        // The crop is checked against the resized image, not the original.
        TransformPipeline p = TransformPipeline.NONE.withResize(new BilinearResize(8, 8))
                .withCenterCrop(new CenterCrop(10, 10));
        assertUsageError(() -> p.outputShape(new int[] {1, 28, 28}), "center-crop 10x10",
                "8x8");
        assertUsageError(() -> TransformPipeline.NONE.withPad(new ZeroPad(1, 1))
                .outputShape(new int[] {64}), "pad 1,1", "C×H×W");
        assertArrayEquals(new int[] {64}, TransformPipeline.NONE.withScale(new RangeScale(-1, 1))
                .withNormalization(new Normalization(0, 1)).outputShape(new int[] {64}));
    }

    @Test
    void loadingAppliesTheTransformsOnce() {
        // Two 2x2 IDX images; resize to 4x4 then crop the central 2x2, scale to [-1, 1].
        byte[] pixels = {0, (byte) 255, 0, (byte) 255, (byte) 255, (byte) 255, 0, 0};
        DataFiles.write(dir.resolve("train-images-idx3-ubyte"),
                DataFiles.idx(0x803, new int[] {2, 2, 2}, pixels));
        DataFiles.write(dir.resolve("train-labels-idx1-ubyte"),
                DataFiles.idx(0x801, new int[] {2}, new byte[] {1, 2}));
        TransformPipeline p = TransformPipeline.NONE.withResize(new BilinearResize(4, 4))
                .withCenterCrop(new CenterCrop(2, 2)).withScale(new RangeScale(-1, 1));
        Dataset d = DatasetLoader.load(DataRequest.of(dir, Split.TRAIN).withTransforms(p));
        assertArrayEquals(new int[] {1, 2, 2}, d.sampleShape());
        assertEquals(2, d.size());
        // Columns 0 and 1 of image 0: [0, 1] -> [0, .25, .75, 1], middle [.25, .75] -> [-.5, .5].
        assertArrayEquals(new float[] {-0.5f, 0.5f, -0.5f, 0.5f}, d.sample(0), 1e-6f);
        // Image 1 has rows [1, 1] and [0, 0]: middle rows .75 and .25 -> .5 and -.5.
        assertArrayEquals(new float[] {0.5f, 0.5f, -0.5f, -0.5f}, d.sample(1), 1e-6f);
        assertEquals(2, d.label(1));
        assertTrue(d.description().contains("transformed: resize 4x4"), d.description());
        assertUsageError(() -> DatasetLoader.load(DataRequest.of(dir, Split.TRAIN)
                .withTransforms(TransformPipeline.NONE.withGrayscale(true)
                        .withNormalization(new Normalization(List.of(0.0, 0.0, 0.0),
                                List.of(1.0, 1.0, 1.0))))),
                "train-images-idx3-ubyte", "3 channels", "1×2×2");
    }

    @Test
    void noTransformsReturnsTheSameDataset() {
        Dataset d = new Dataset(new float[] {1}, new int[] {1}, new int[] {0}, "d", List.of());
        assertSame(d, d.transformed(TransformPipeline.NONE));
    }

    /** scripts/make_transform_fixtures.py: torch.nn.functional.interpolate's own output. */
    @Test
    void resizeMatchesPyTorch() {
        Map<String, NpyArray> arrays = NpzReader.readAll(resource("resize.npz"));
        NpyArray sizes = arrays.get("sizes");
        for (int k = 0; k < sizes.shape()[0]; k++) {
            NpyArray in = arrays.get("in_" + k);
            NpyArray out = arrays.get("out_" + k);
            BilinearResize r = new BilinearResize((int) sizes.getLong(2 * k),
                    (int) sizes.getLong(2 * k + 1));
            assertArrayEquals(out.shape(), r.outputShape(in.shape()), "case " + k);
            assertArrayEquals(out.toFloatArray(), r.apply(in.toFloatArray(), in.shape()), 1e-6f,
                    "case " + k + ": " + r);
        }
    }

    private static Path resource(String name) {
        URL url = TransformPipelineTest.class.getResource("/transforms/" + name);
        assertNotNull(url, "missing test resource transforms/" + name
                + "; regenerate with scripts/make_transform_fixtures.py");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
