package dev.lla.core.landscape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.model.ModelMode;
import dev.lla.core.spectrum.ArrayVectorSpace;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Random directions: seeded, orthogonalized, normalized; the grid's coordinates and config checks. */
class DirectionsTest {

    private static final ArrayTensorwiseOps OPS = new ArrayTensorwiseOps(List.of(new long[] {50, 40}, new long[] {50}));
    private static final ArrayVectorSpace SPACE = new ArrayVectorSpace(OPS.dimension());

    private static LandscapeConfig config(RandomDistribution dist, DirectionNormalization norm, long seed) {
        return new LandscapeConfig(2, 4, 1, dist, norm, 2, false, 1000, seed, ModelMode.EVAL);
    }

    private static double[] w0() {
        double[] w = new double[OPS.dimension()];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble() - 0.5;
        }
        return w;
    }

    @Test
    void rawDirectionsAreOrthogonalAndSeeded() {
        Directions<double[]> a = Directions.random(SPACE, OPS, w0(), config(RandomDistribution.GAUSSIAN, DirectionNormalization.NONE, 5));
        Directions<double[]> b = Directions.random(SPACE, OPS, w0(), config(RandomDistribution.GAUSSIAN, DirectionNormalization.NONE, 5));
        Directions<double[]> c = Directions.random(SPACE, OPS, w0(), config(RandomDistribution.GAUSSIAN, DirectionNormalization.NONE, 6));
        assertEquals(0, a.cosine(), 1e-12);
        assertArrayEquals(a.d1(), b.d1(), 0);
        assertArrayEquals(a.d2(), b.d2(), 0);
        assertTrue(a.d1()[0] != c.d1()[0]);
        // Standard normal entries: ‖d1‖² / P ≈ 1.
        assertEquals(1, a.norm1() * a.norm1() / OPS.dimension(), 0.1);
    }

    @Test
    void filterNormalizedDirectionsHaveTheWeightsFilterNorms() {
        double[] w = w0();
        Directions<double[]> d = Directions.random(SPACE, OPS, w, config(RandomDistribution.UNIFORM, DirectionNormalization.FILTER, 1));
        double[][] expected = OPS.filterNorms(w, 2);
        for (double[] v : List.of(d.d1(), d.d2())) {
            double[][] actual = OPS.filterNorms(v, 2);
            for (int t = 0; t < expected.length; t++) {
                assertArrayEquals(expected[t], actual[t], 1e-12);
            }
        }
    }

    @Test
    void uniformEntriesLieInTheUnitInterval() {
        DoubleSupplier u = RandomDistribution.UNIFORM.entries(new SplittableRandom(3));
        for (int i = 0; i < 1000; i++) {
            double v = u.getAsDouble();
            assertTrue(v >= 0 && v < 1);
        }
    }

    @Test
    void axisIsExactAndCentred() {
        LandscapeConfig c = new LandscapeConfig(1, 4, 2, RandomDistribution.GAUSSIAN, DirectionNormalization.FILTER, 2, true, 1000, 0,
                ModelMode.EVAL);
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, c.axis(), 0);
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThrows(LlaException.class, () -> new LandscapeConfig(2, 0, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.FILTER, 2,
                false, 1000, 0, ModelMode.EVAL));
        assertThrows(LlaException.class, () -> new LandscapeConfig(2, 3, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.FILTER, 2,
                false, 1000, 0, ModelMode.EVAL));
        assertThrows(LlaException.class, () -> new LandscapeConfig(3, 4, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.FILTER, 2,
                false, 1000, 0, ModelMode.EVAL));
        assertThrows(LlaException.class, () -> new LandscapeConfig(2, 4, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.FILTER, 3,
                false, 1000, 0, ModelMode.EVAL));
    }

    @Test
    void explosionCountsNonFiniteAndLargeLosses() {
        double[][] losses = {{1, 2, Double.NaN}, {5000, 1, 0.5}};
        Explosion e = Explosion.of(losses, 2, 1000);
        assertTrue(e.detected());
        assertEquals(1, e.nonFinite());
        assertEquals(2.0 / 6, e.fraction(), 0);
        assertEquals(2500, e.maxRatio(), 0);
        assertEquals(false, Explosion.of(new double[][] {{1, 2}}, 1, 1000).detected());
    }
}
