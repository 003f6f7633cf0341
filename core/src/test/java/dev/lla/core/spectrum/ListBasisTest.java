package dev.lla.core.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lla.core.spectrum.fixtures.CountingVectorSpace;
import dev.lla.core.spectrum.fixtures.Vectors;

import org.junit.jupiter.api.Test;

class ListBasisTest {

    @Test
    void orthogonalizeRemovesEveryHeldDirectionAndReturnsTheNormLeft() {
        ArrayVectorSpace space = new ArrayVectorSpace(4);
        try (Basis<double[]> basis = space.newBasis(2)) {
            basis.append(Vectors.unit(4, 0));
            basis.append(Vectors.normalized(new double[] {0.0, 1.0, 1.0, 0.0}));
            double[] w = {3.0, 2.0, -1.0, 5.0};
            double norm = basis.orthogonalize(w);
            assertArrayEquals(new double[] {0.0, 1.5, -1.5, 5.0}, w, 1e-15);
            assertEquals(Math.sqrt(1.5 * 1.5 * 2 + 25.0), norm, 1e-14);
        }
    }

    @Test
    void nearlyDependentVectorIsOrthogonalizedToRoundoff() {
        // One Gram-Schmidt pass loses orthogonality in proportion to the cancellation; two do not.
        ArrayVectorSpace space = new ArrayVectorSpace(3);
        try (Basis<double[]> basis = space.newBasis(1)) {
            double[] q = Vectors.normalized(new double[] {1.0, 1.0, 1.0});
            basis.append(q);
            double[] w = {1.0, 1.0, 1.0 + 1e-10};
            basis.orthogonalize(w);
            assertEquals(0.0, space.dot(q, w) / space.norm(w), 1e-15);
        }
    }

    @Test
    void boundedWindowDropsTheOldestVector() {
        ArrayVectorSpace space = new ArrayVectorSpace(4);
        try (Basis<double[]> basis = space.newBasis(2)) {
            for (int i = 0; i < 3; i++) {
                basis.append(Vectors.unit(4, i));
            }
            assertEquals(2, basis.size());
            assertEquals(3, basis.appended());
            assertEquals(2, basis.capacity());
            double[] out = space.zeros();
            basis.combine(new double[] {10.0, 20.0}, out); // oldest first: e₁, e₂
            assertArrayEquals(new double[] {0.0, 10.0, 20.0, 0.0}, out, 0.0);
            double[] w = {1.0, 1.0, 1.0, 1.0};
            basis.orthogonalize(w);
            assertArrayEquals(new double[] {1.0, 0.0, 0.0, 1.0}, w, 0.0);
        }
    }

    @Test
    void combineOverwritesStaleContentsOfOut() {
        ArrayVectorSpace space = new ArrayVectorSpace(2);
        try (Basis<double[]> basis = space.newBasis(1)) {
            basis.append(Vectors.unit(2, 1));
            double[] out = {Double.NaN, Double.POSITIVE_INFINITY};
            basis.combine(new double[] {3.0}, out);
            assertArrayEquals(new double[] {0.0, 3.0}, out, 0.0);
        }
    }

    @Test
    void closeReleasesEveryStoredVectorOnce() {
        CountingVectorSpace space = new CountingVectorSpace(5);
        Basis<double[]> basis = space.newBasis(3);
        for (int i = 0; i < 5; i++) {
            basis.append(Vectors.unit(5, i));
        }
        assertEquals(3, space.live(), "storage allocated up to the capacity, then reused");
        basis.close();
        basis.close();
        assertEquals(0, space.live());
        assertThrows(IllegalStateException.class, () -> basis.append(Vectors.unit(5, 0)));
    }
}
