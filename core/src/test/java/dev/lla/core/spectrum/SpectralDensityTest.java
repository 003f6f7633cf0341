package dev.lla.core.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

class SpectralDensityTest {

    private static final QuadratureRun THREE_NODES =
            new QuadratureRun(
                    new double[] {-1.0, 0.5, 3.0}, new double[] {0.2, 0.5, 0.3}, 3, false, 3);

    @Test
    void integratesToOne() {
        Density density = new SpectralDensity().estimate(List.of(THREE_NODES, randomRun(31)));
        double mass = 0.0;
        for (double value : density.values()) {
            mass += value * density.spacing();
        }
        assertEquals(1.0, mass, 1e-12);
    }

    @Test
    void gridRunsFromMeanMinimumMinusPadToMeanMaximumPlusPad() {
        QuadratureRun other =
                new QuadratureRun(
                        new double[] {-2.0, 0.0, 5.0},
                        new double[] {0.3, 0.3, 0.4},
                        3,
                        false,
                        3);
        Density density =
                new SpectralDensity(501, 0.25, 1e-5).estimate(List.of(THREE_NODES, other));
        double lambdaMin = (-1.0 - 2.0) / 2 - 0.25;
        double lambdaMax = (3.0 + 5.0) / 2 + 0.25;
        assertEquals(501, density.grid().length);
        assertEquals(lambdaMin, density.grid()[0], 0.0);
        assertEquals(lambdaMax, density.grid()[500], 0.0);
        assertEquals((lambdaMax - lambdaMin) / 500, density.spacing(), 1e-15);
        for (int i = 1; i < 501; i++) {
            assertEquals(density.spacing(), density.grid()[i] - density.grid()[i - 1], 1e-14);
        }
    }

    @Test
    void peaksAtTheNodesInProportionToTheWeights() {
        // pad 1 gives span 6, σ² = 6e-5: the Gaussians do not overlap and each peaks on a grid
        // point.
        Density density = new SpectralDensity(6001, 1.0, 1e-5).estimate(List.of(THREE_NODES));
        double[] peakHeights = new double[3];
        for (int k = 0; k < 3; k++) {
            int nearest =
                    (int)
                            Math.round(
                                    (THREE_NODES.nodes()[k] - density.grid()[0])
                                            / density.spacing());
            assertEquals(THREE_NODES.nodes()[k], density.grid()[nearest], 1e-12);
            double peak = density.values()[nearest];
            for (int d = 1; d <= 5; d++) {
                assertTrue(density.values()[nearest - d] < peak, "rises to node " + k);
                assertTrue(density.values()[nearest + d] < peak, "falls after node " + k);
            }
            peakHeights[k] = peak;
        }
        assertEquals(0.5 / 0.2, peakHeights[1] / peakHeights[0], 1e-9);
        assertEquals(0.3 / 0.2, peakHeights[2] / peakHeights[0], 1e-9);
    }

    @Test
    void varianceIsS2TimesTheSpanWhenTheSpanExceedsOne() {
        // One node: ρ is one Gaussian, whose height at its mean is 1/√(2πσ²); the grid step is
        // σ/20 or finer, so the normalizing Riemann sum is 1 to far below the tolerance.
        QuadratureRun single =
                new QuadratureRun(new double[] {2.0}, new double[] {1.0}, 1, true, 1);
        Density wide = new SpectralDensity(20001, 5.0, 1e-5).estimate(List.of(single));
        double wideHeight = 1.0 / Math.sqrt(2 * Math.PI * 1e-5 * 10.0); // span 10
        assertEquals(wideHeight, wide.values()[10000], 1e-9 * wideHeight);
        Density narrow = new SpectralDensity(20001, 0.25, 1e-5).estimate(List.of(single));
        double narrowHeight = 1.0 / Math.sqrt(2 * Math.PI * 1e-5); // span 0.5, so max(1, span) = 1
        assertEquals(narrowHeight, narrow.values()[10000], 1e-9 * narrowHeight);
    }

    @Test
    void matchesTheDirectSumOverEveryGridPoint() {
        List<QuadratureRun> runs = List.of(randomRun(32), randomRun(33), randomRun(34));
        Density density = new SpectralDensity(2000, 0.01, 1e-5).estimate(runs);
        double lambdaMin = density.grid()[0];
        double lambdaMax = density.grid()[1999];
        double variance = 1e-5 * Math.max(1.0, lambdaMax - lambdaMin);
        double[] direct = new double[2000];
        double mass = 0.0;
        for (int i = 0; i < 2000; i++) {
            for (QuadratureRun run : runs) {
                for (int k = 0; k < run.nodes().length; k++) {
                    double d = density.grid()[i] - run.nodes()[k];
                    direct[i] +=
                            run.weights()[k]
                                    * Math.exp(-d * d / (2 * variance))
                                    / Math.sqrt(2 * Math.PI * variance)
                                    / runs.size();
                }
            }
            mass += direct[i] * density.spacing();
        }
        for (int i = 0; i < 2000; i++) {
            direct[i] /= mass;
        }
        assertArrayEquals(direct, density.values(), 1e-12);
    }

    @Test
    void emptyRunsAndZeroWidthGridAreUsageErrors() {
        assertEquals(
                LlaException.Kind.USAGE,
                assertThrows(LlaException.class, () -> new SpectralDensity().estimate(List.of()))
                        .kind());
        QuadratureRun point = new QuadratureRun(new double[] {1.0}, new double[] {1.0}, 1, true, 1);
        assertEquals(
                LlaException.Kind.USAGE,
                assertThrows(
                                LlaException.class,
                                () -> new SpectralDensity(10, 0.0, 1e-5).estimate(List.of(point)))
                        .kind());
        assertThrows(LlaException.class, () -> new SpectralDensity(1, 0.01, 1e-5));
    }

    /** A run with 20 nodes in [−2, 6] and Dirichlet-like weights. */
    private static QuadratureRun randomRun(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] nodes = random.doubles(20, -2.0, 6.0).sorted().toArray();
        double[] weights = random.doubles(20, 0.0, 1.0).toArray();
        double sum = 0.0;
        for (double w : weights) {
            sum += w;
        }
        for (int k = 0; k < 20; k++) {
            weights[k] /= sum;
        }
        return new QuadratureRun(nodes, weights, 20, false, 20);
    }
}
