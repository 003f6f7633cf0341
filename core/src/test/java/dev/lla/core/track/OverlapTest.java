package dev.lla.core.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Subspace overlap ‖UᵀV‖_F²/k and best |cos| on spans whose answer is known. */
class OverlapTest {

    private static final float R = (float) Math.sqrt(0.5);

    private static float[] v(float... x) {
        return x;
    }

    @Test
    void aSpanWithItselfOverlapsFully() {
        List<float[]> u = List.of(v(1, 0, 0, 0), v(0, R, R, 0));
        Overlap o = Overlap.of(u, u);
        assertEquals(1.0, o.overlap(), 1e-7);
        assertArrayEquals(new double[] {1, 1}, o.bestCosine(), 1e-7);
    }

    @Test
    void reorderedAndSignFlippedVectorsSpanTheSameSpace() {
        List<float[]> u = List.of(v(1, 0, 0, 0), v(0, 1, 0, 0), v(0, 0, 1, 0));
        List<float[]> permuted = List.of(v(0, 0, -1, 0), v(1, 0, 0, 0), v(0, -1, 0, 0));
        Overlap o = Overlap.of(u, permuted);
        assertEquals(1.0, o.overlap(), 0.0);
        assertArrayEquals(new double[] {1, 1, 1}, o.bestCosine(), 0.0);
    }

    @Test
    void oneSharedDirectionAndOneHalfTurnedGiveThreeQuarters() {
        List<float[]> u = List.of(v(1, 0, 0, 0), v(0, 1, 0, 0));
        List<float[]> w = List.of(v(1, 0, 0, 0), v(0, R, R, 0));
        Overlap o = Overlap.of(u, w);
        assertEquals(0.75, o.overlap(), 1e-7);
        assertArrayEquals(new double[] {1, R}, o.bestCosine(), 1e-7);
    }

    @Test
    void permutedCoordinatesOfEigenvectorsGiveTheirSquaredDotsOverK() {
        // U's coordinates permuted by (0 1)(2 3): e1→e2, e2→e1 span the same plane, e3→e4 leaves it.
        List<float[]> u = List.of(v(1, 0, 0, 0), v(0, 1, 0, 0), v(0, 0, 1, 0));
        List<float[]> swapped = List.of(v(0, 1, 0, 0), v(1, 0, 0, 0), v(0, 0, 0, 1));
        assertEquals(2.0 / 3, Overlap.of(u, swapped).overlap(), 1e-12);
    }

    @Test
    void orthogonalSpansDoNotOverlap() {
        Overlap o = Overlap.of(List.of(v(1, 0, 0)), List.of(v(0, 0, 1)));
        assertEquals(0.0, o.overlap(), 0.0);
    }
}
