package dev.lla.core.data;

import static dev.lla.core.data.fixtures.LlaAssertions.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each transform against values worked out by hand from its definition. */
class TransformTest {

    private static final float EPS = 1e-6f;

    @Test
    void grayscaleUsesBt601Weights() {
        // Two pixels (1, 0, 0) and (0.2, 0.4, 0.6), stored channel by channel.
        float[] rgb = {1, 0.2f, 0, 0.4f, 0, 0.6f};
        Grayscale g = new Grayscale();
        assertArrayEquals(new int[] {1, 1, 2}, g.outputShape(new int[] {3, 1, 2}));
        assertArrayEquals(new float[] {0.299f, 0.0598f + 0.2348f + 0.0684f},
                g.apply(rgb, new int[] {3, 1, 2}), EPS);
    }

    @Test
    void grayscaleOfOneChannelIsACopy() {
        float[] one = {0.1f, 0.7f};
        float[] out = new Grayscale().apply(one, new int[] {1, 1, 2});
        assertArrayEquals(one, out);
        assertNotSame(one, out);
    }

    @Test
    void grayscaleRefusesOtherChannelCounts() {
        assertUsageError(() -> new Grayscale().outputShape(new int[] {2, 4, 4}), "grayscale",
                "2×4×4");
        assertUsageError(() -> new Grayscale().outputShape(new int[] {64}), "grayscale", "64");
    }

    /** align_corners=False: src = (dst + 0.5)·in/out − 0.5, clamped; by hand. */
    @Test
    void resizeTwoByTwoToFourByFour() {
        // A row [p, q] becomes [p, .75p + .25q, .25p + .75q, q]; rows blend the same way.
        float[] in = {0, 4, 8, 12};
        float[] expected = {
            0, 1, 3, 4,
            2, 3, 5, 6,
            6, 7, 9, 10,
            8, 9, 11, 12};
        BilinearResize r = new BilinearResize(4, 4);
        assertArrayEquals(new int[] {1, 4, 4}, r.outputShape(new int[] {1, 2, 2}));
        assertArrayEquals(expected, r.apply(in, new int[] {1, 2, 2}), EPS);
    }

    @Test
    void resizeFourByFourToTwoByTwo() {
        // src = 0.5 and 2.5: the mean of rows (columns) 0,1 and 2,3 of 4r + c.
        float[] in = new float[16];
        for (int j = 0; j < 16; j++) {
            in[j] = j;
        }
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f},
                new BilinearResize(2, 2).apply(in, new int[] {1, 4, 4}), EPS);
    }

    @Test
    void resizeKeepsChannelsApartAndRefusesEmptySizes() {
        float[] in = {1, 1, 1, 1, 5, 5, 5, 5};
        float[] out = new BilinearResize(3, 1).apply(in, new int[] {2, 2, 2});
        assertArrayEquals(new float[] {1, 1, 1, 5, 5, 5}, out, EPS);
        assertUsageError(() -> new BilinearResize(0, 5), "resize 0x5", "positive");
        assertUsageError(() -> new BilinearResize(2, 2).outputShape(new int[] {10}), "resize",
                "C×H×W");
    }

    @Test
    void centerCropRoundsHalvesToEvenAsPython() {
        float[] in = new float[25];
        for (int j = 0; j < 25; j++) {
            in[j] = j;
        }
        // top = round(1.5) = 2, left = round(1.0) = 1.
        CenterCrop crop = new CenterCrop(2, 3);
        assertArrayEquals(new int[] {1, 2, 3}, crop.outputShape(new int[] {1, 5, 5}));
        assertArrayEquals(new float[] {11, 12, 13, 16, 17, 18},
                crop.apply(in, new int[] {1, 5, 5}));
        // round(0.5) = 0: the top-left window of a 3x3 image.
        float[] nine = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        assertArrayEquals(new float[] {0, 1, 3, 4},
                new CenterCrop(2, 2).apply(nine, new int[] {1, 3, 3}));
        // round(2.5) = 2 on 7 rows, round(1.5) = 2 on 4 columns.
        float[] tall = new float[28];
        for (int j = 0; j < 28; j++) {
            tall[j] = j;
        }
        assertArrayEquals(new float[] {10, 14},
                new CenterCrop(2, 1).apply(tall, new int[] {1, 7, 4}));
    }

    @Test
    void centerCropLargerThanTheImageIsAUsageError() {
        assertUsageError(() -> new CenterCrop(30, 30).outputShape(new int[] {1, 28, 28}),
                "center-crop 30x30", "28x28");
        assertUsageError(() -> new CenterCrop(28, 29).outputShape(new int[] {1, 28, 28}),
                "center-crop 28x29");
        assertUsageError(() -> new CenterCrop(-1, 2), "center-crop", "positive");
    }

    @Test
    void padAddsZerosPerAxis() {
        float[] in = {1, 2, 3, 4};
        int[] shape = {1, 2, 2};
        assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 0, 0},
                new ZeroPad(1, 0).apply(in, shape));
        assertArrayEquals(new float[] {0, 1, 2, 0, 0, 3, 4, 0},
                new ZeroPad(0, 1).apply(in, shape));
        assertArrayEquals(new int[] {1, 4, 4}, new ZeroPad(1, 1).outputShape(shape));
        float[] both = new ZeroPad(1, 1).apply(in, shape);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0}, both);
        assertUsageError(() -> new ZeroPad(-1, 0), "pad", "negative");
    }

    @Test
    void scaleMapsTheUnitRange() {
        float[] out = new RangeScale(-1, 1).apply(new float[] {0, 0.25f, 1}, new int[] {3});
        assertArrayEquals(new float[] {-1, -0.5f, 1}, out, EPS);
        assertUsageError(() -> new RangeScale(1, 1), "scale", "LO < HI");
        assertUsageError(() -> new RangeScale(0, Double.POSITIVE_INFINITY), "scale");
    }

    @Test
    void normalizationPerChannel() {
        Normalization n = new Normalization(List.of(0.5, 0.25, 0.0), List.of(0.5, 0.25, 2.0));
        float[] in = {0, 1, 0.5f, 0.5f, 1, 0};
        assertArrayEquals(new float[] {-1, 1, 1, 1, 0.5f, 0},
                n.apply(in, n.outputShape(new int[] {3, 1, 2})), EPS);
        assertEquals("normalize 0.5,0.25,0.0/0.5,0.25,2.0", n.toString());
        assertUsageError(() -> n.outputShape(new int[] {1, 1, 2}), "3 channels", "1×1×2");
        assertUsageError(() -> n.outputShape(new int[] {6}), "3 channels");
        assertUsageError(() -> new Normalization(List.of(0.5, 0.5), List.of(1.0)), "2 means");
    }

    @Test
    void oneNormalizationPairServesEveryShape() {
        Normalization n = new Normalization(0.5, 0.25);
        assertArrayEquals(new float[] {-2, 2}, n.apply(new float[] {0, 1}, new int[] {2}), EPS);
        assertArrayEquals(new int[] {3, 2, 2}, n.outputShape(new int[] {3, 2, 2}));
        assertEquals("normalize 0.5,0.25", n.toString());
    }
}
