package dev.lla.core.landscape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every normalization scheme against hand-computed values, for p = 1 and 2. Two tensors: a 2×2
 * weight (two filters, rows) and a bias of length 2.
 */
class DirectionNormalizationTest {

    private static final ArrayTensorwiseOps OPS = new ArrayTensorwiseOps(List.of(new long[] {2, 2}, new long[] {2}));
    // w: filters (3, 4) and (0, 2), bias (1, -1)
    private static final double[] W = {3, 4, 0, 2, 1, -1};
    // d: filters (1, 0) and (0, 0) (a zero filter), bias (2, 0)
    private static final double[] D = {1, 0, 0, 0, 2, 0};

    private static double[] apply(DirectionNormalization n, int p) {
        double[] d = D.clone();
        n.apply(OPS, d, W, p);
        return d;
    }

    @Test
    void noneLeavesTheDirection() {
        assertArrayEquals(D, apply(DirectionNormalization.NONE, 2), 0);
    }

    @Test
    void weightMultipliesElementwise() {
        assertArrayEquals(new double[] {3, 0, 0, 0, 2, 0}, apply(DirectionNormalization.WEIGHT, 1), 0);
    }

    @Test
    void filterScalesEachRowAndTheBiasAsAWholeLeavingZeroSlicesZero() {
        // p = 2: ‖(3,4)‖ = 5 over ‖(1,0)‖ = 1; zero filter stays zero; bias √2 / 2.
        assertArrayEquals(new double[] {5, 0, 0, 0, Math.sqrt(2), 0}, apply(DirectionNormalization.FILTER, 2), 1e-15);
        // p = 1: 7 / 1; bias 2 / 2.
        assertArrayEquals(new double[] {7, 0, 0, 0, 2, 0}, apply(DirectionNormalization.FILTER, 1), 1e-15);
    }

    @Test
    void layerScalesEachTensor() {
        // p = 2: ‖W‖ = √29 over 1; bias √2 / 2.
        assertArrayEquals(new double[] {Math.sqrt(29), 0, 0, 0, Math.sqrt(2), 0}, apply(DirectionNormalization.LAYER, 2), 1e-14);
        // p = 1: 9 / 1; bias 2 / 2.
        assertArrayEquals(new double[] {9, 0, 0, 0, 2, 0}, apply(DirectionNormalization.LAYER, 1), 1e-15);
    }

    @Test
    void modelUsesOneGlobalFactor() {
        // p = 2: ‖w0‖ = √31, ‖d‖ = √5.
        double f2 = Math.sqrt(31) / Math.sqrt(5);
        assertArrayEquals(new double[] {f2, 0, 0, 0, 2 * f2, 0}, apply(DirectionNormalization.MODEL, 2), 1e-14);
        // p = 1: 11 / 3.
        double f1 = 11.0 / 3;
        assertArrayEquals(new double[] {f1, 0, 0, 0, 2 * f1, 0}, apply(DirectionNormalization.MODEL, 1), 1e-14);
    }

    @Test
    void zeroVectorsClearsOnlyRankOneTensors() {
        double[] d = {1, 2, 3, 4, 5, 6};
        OPS.zeroVectors(d);
        assertArrayEquals(new double[] {1, 2, 3, 4, 0, 0}, d, 0);
    }
}
