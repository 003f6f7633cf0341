package dev.lla.core.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.spectrum.fixtures.Vectors;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

class SymmetricTridiagonalEigenTest {

    /** Entrywise tolerance on {@code ZᵀZ − I}: a few hundred roundoffs for n ≤ 120. */
    private static final double ORTHONORMALITY = 1e-13;

    @Test
    void secondDifferenceMatrixHasCosineEigenvaluesAndSineEigenvectors() {
        int n = 50;
        double[] alpha = filled(n, 2.0);
        double[] beta = filled(n - 1, -1.0);
        SymmetricTridiagonalEigen eigen = SymmetricTridiagonalEigen.decompose(alpha, beta);

        double[] expected = new double[n];
        for (int k = 1; k <= n; k++) {
            expected[k - 1] = 2.0 - 2.0 * Math.cos(k * Math.PI / (n + 1));
        }
        // Both ascending: k ↦ 2 − 2cos(kπ/(n+1)) increases with k.
        assertArrayEquals(expected, eigen.eigenvalues(), 1e-13);
        for (int k = 1; k <= n; k++) {
            double[] sine = new double[n];
            for (int i = 1; i <= n; i++) {
                sine[i - 1] = Math.sin(i * k * Math.PI / (n + 1));
            }
            Vectors.assertSameDirection(
                    Vectors.normalized(sine), eigen.eigenvectors()[k - 1], 1e-12);
        }
        assertDecomposes(alpha, beta, eigen, 1e-13);
    }

    @Test
    void legendreJacobiMatrixGivesGaussLegendreNodesAndWeights() {
        SymmetricTridiagonalEigen eigen = legendreJacobi(5);
        double[] nodes = {
            -0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831, 0.9061798459386640
        };
        double[] weights = {
            0.2369268850561891,
            0.4786286704993665,
            0.5688888888888889,
            0.4786286704993665,
            0.2369268850561891
        };
        assertArrayEquals(nodes, eigen.eigenvalues(), 1e-15);
        for (int k = 0; k < 5; k++) {
            // The Legendre weight function has total mass 2 on [−1, 1].
            double first = eigen.firstComponent(k);
            assertEquals(weights[k], 2.0 * first * first, 1e-14, "weight " + k);
        }
    }

    @Test
    void legendreJacobiRuleIntegratesPolynomialsExactly() {
        int n = 20;
        SymmetricTridiagonalEigen eigen = legendreJacobi(n);
        // ∫₋₁¹ x^p dx = 2/(p+1) for even p, 0 for odd p; exact for p < 2n.
        for (int p = 0; p < 2 * n; p++) {
            double quadrature = 0.0;
            for (int k = 0; k < n; k++) {
                double first = eigen.firstComponent(k);
                quadrature += 2.0 * first * first * Math.pow(eigen.eigenvalues()[k], p);
            }
            double exact = p % 2 == 0 ? 2.0 / (p + 1) : 0.0;
            assertEquals(exact, quadrature, 1e-14, "x^" + p);
        }
    }

    @Test
    void diagonalOnlyIsSortedWithUnitEigenvectors() {
        double[] alpha = {3.0, -1.5, 0.0, 7.25, -4.0};
        SymmetricTridiagonalEigen eigen = SymmetricTridiagonalEigen.decompose(alpha, new double[4]);
        assertArrayEquals(new double[] {-4.0, -1.5, 0.0, 3.0, 7.25}, eigen.eigenvalues(), 0.0);
        int[] sourceIndex = {4, 1, 2, 0, 3};
        for (int k = 0; k < 5; k++) {
            Vectors.assertSameDirection(
                    Vectors.unit(5, sourceIndex[k]), eigen.eigenvectors()[k], 0.0);
        }
    }

    @Test
    void repeatedEigenvaluesKeepOrthonormalEigenvectors() {
        // Two decoupled copies of [[2, 1], [1, 2]]: eigenvalues 1, 1, 3, 3.
        double[] alpha = {2.0, 2.0, 2.0, 2.0};
        double[] beta = {1.0, 0.0, 1.0};
        SymmetricTridiagonalEigen eigen = SymmetricTridiagonalEigen.decompose(alpha, beta);
        assertArrayEquals(new double[] {1.0, 1.0, 3.0, 3.0}, eigen.eigenvalues(), 1e-15);
        assertDecomposes(alpha, beta, eigen, 1e-15);
    }

    @Test
    void repeatedEigenvaluesOfCoupledMatrix() {
        // Wilkinson's W21+ has pairs of eigenvalues agreeing to many digits.
        int n = 21;
        double[] alpha = new double[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = Math.abs(i - 10);
        }
        double[] beta = filled(n - 1, 1.0);
        SymmetricTridiagonalEigen eigen = SymmetricTridiagonalEigen.decompose(alpha, beta);
        assertEquals(10.746194182903393, eigen.eigenvalues()[n - 1], 1e-13);
        assertEquals(10.746194182903322, eigen.eigenvalues()[n - 2], 1e-13);
        assertDecomposes(alpha, beta, eigen, 1e-13);
    }

    @Test
    void zeroDiagonalHasSymmetricCosineSpectrum() {
        int n = 7;
        SymmetricTridiagonalEigen eigen =
                SymmetricTridiagonalEigen.decompose(new double[n], filled(n - 1, 1.0));
        double[] expected = new double[n];
        for (int k = 1; k <= n; k++) {
            expected[k - 1] = 2.0 * Math.cos(k * Math.PI / (n + 1));
        }
        Vectors.assertSameSpectrum(expected, eigen.eigenvalues(), 1e-15);
        assertEquals(0.0, eigen.eigenvalues()[n / 2], 1e-15);
    }

    @Test
    void zeroMatrixHasZeroSpectrumAndIdentityEigenvectors() {
        SymmetricTridiagonalEigen eigen =
                SymmetricTridiagonalEigen.decompose(new double[3], new double[2]);
        assertArrayEquals(new double[3], eigen.eigenvalues(), 0.0);
        assertDecomposes(new double[3], new double[2], eigen, 0.0);
    }

    @Test
    void oneByOne() {
        SymmetricTridiagonalEigen eigen =
                SymmetricTridiagonalEigen.decompose(new double[] {-2.5}, new double[0]);
        assertArrayEquals(new double[] {-2.5}, eigen.eigenvalues(), 0.0);
        assertEquals(1.0, Math.abs(eigen.firstComponent(0)), 0.0);
        assertEquals(1.0, Math.abs(eigen.lastComponent(0)), 0.0);
    }

    @Test
    void randomTridiagonalIsDecomposedToRoundoff() {
        SplittableRandom random = new SplittableRandom(42);
        int n = 120;
        double[] alpha = new double[n];
        double[] beta = new double[n - 1];
        for (int i = 0; i < n; i++) {
            alpha[i] = random.nextGaussian();
        }
        for (int i = 0; i < n - 1; i++) {
            beta[i] = random.nextDouble(0.0, 2.0);
        }
        SymmetricTridiagonalEigen eigen = SymmetricTridiagonalEigen.decompose(alpha, beta);
        for (int k = 1; k < n; k++) {
            assertTrue(eigen.eigenvalues()[k - 1] <= eigen.eigenvalues()[k], "ascending");
        }
        assertDecomposes(alpha, beta, eigen, 1e-13);
        assertArrayEquals(
                eigen.firstComponents(),
                Arrays.stream(eigen.eigenvectors()).mapToDouble(z -> z[0]).toArray(),
                0.0);
    }

    @Test
    void widelyScaledEntriesConverge() {
        double[] alpha = {1e-8, 1.0, 1e8, 1.0, 1e-8};
        double[] beta = {1e-4, 1e4, 1e4, 1e-4};
        SymmetricTridiagonalEigen eigen = SymmetricTridiagonalEigen.decompose(alpha, beta);
        assertDecomposes(alpha, beta, eigen, 1e-15);
    }

    @Test
    void mismatchedLengthsAreAUsageError() {
        LlaException e =
                assertThrows(
                        LlaException.class,
                        () -> SymmetricTridiagonalEigen.decompose(new double[3], new double[3]));
        assertEquals(LlaException.Kind.USAGE, e.kind());
        assertThrows(
                LlaException.class,
                () -> SymmetricTridiagonalEigen.decompose(new double[0], new double[0]));
    }

    @Test
    void nonFiniteEntryIsANumericalError() {
        LlaException e =
                assertThrows(
                        LlaException.class,
                        () ->
                                SymmetricTridiagonalEigen.decompose(
                                        new double[] {1.0, Double.NaN}, new double[] {1.0}));
        assertEquals(LlaException.Kind.NUMERICAL, e.kind());
    }

    private static SymmetricTridiagonalEigen legendreJacobi(int n) {
        double[] beta = new double[n - 1];
        for (int k = 1; k < n; k++) {
            beta[k - 1] = k / Math.sqrt(4.0 * k * k - 1.0);
        }
        return SymmetricTridiagonalEigen.decompose(new double[n], beta);
    }

    /**
     * Z orthonormal to {@link #ORTHONORMALITY} and {@code T·zₖ = θₖ·zₖ} to {@code tolerance·max(1,
     * ‖T‖∞)}, entrywise.
     */
    private static void assertDecomposes(
            double[] alpha, double[] beta, SymmetricTridiagonalEigen eigen, double tolerance) {
        int n = alpha.length;
        double normT = 0.0;
        for (int i = 0; i < n; i++) {
            double row =
                    Math.abs(alpha[i])
                            + (i > 0 ? Math.abs(beta[i - 1]) : 0.0)
                            + (i < n - 1 ? Math.abs(beta[i]) : 0.0);
            normT = Math.max(normT, row);
        }
        double scale = Math.max(1.0, normT);
        double[][] z = eigen.eigenvectors();
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                assertEquals(
                        k == l ? 1.0 : 0.0,
                        Vectors.dot(z[k], z[l]),
                        ORTHONORMALITY,
                        "zᵀz at (" + k + ", " + l + ")");
            }
            for (int i = 0; i < n; i++) {
                double tz =
                        alpha[i] * z[k][i]
                                + (i > 0 ? beta[i - 1] * z[k][i - 1] : 0.0)
                                + (i < n - 1 ? beta[i] * z[k][i + 1] : 0.0);
                assertEquals(
                        eigen.eigenvalues()[k] * z[k][i],
                        tz,
                        tolerance * scale,
                        "(T z − θ z) component " + i + " of pair " + k);
            }
        }
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        Arrays.fill(a, value);
        return a;
    }
}
