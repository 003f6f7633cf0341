package dev.lla.core.linalg;

import dev.lla.core.LlaException;

/**
 * The eigen-decomposition {@code T = Z·diag(θ)·Zᵀ} of a real symmetric tridiagonal matrix, by the
 * implicit QL algorithm with Wilkinson shifts (tql2).
 *
 * <p>Reference: Bowdler, Martin, Reinsch and Wilkinson, "The QR and QL algorithms for symmetric
 * matrices", Numer. Math. 11 (1968), as procedure tql2 of EISPACK and JAMA; Golub and Van Loan,
 * Matrix Computations, 4th ed., §8.3. Cost: O(n²) for the eigenvalues plus O(n³) to accumulate the
 * eigenvectors, for n = {@code alpha.length} (n is the number of Lanczos steps, so at most a few
 * hundred).
 *
 * <p>Eigenvalues are ascending. {@code eigenvectors[k]} is the unit eigenvector of {@code
 * eigenvalues[k]} (a row of the array is a whole eigenvector, so {@code eigenvectors[k][0]} is its
 * first component, the quantity Golub-Welsch quadrature needs). Signs are arbitrary. The arrays are
 * shared, not copied: do not modify them.
 *
 * @param eigenvalues θ₀ ≤ θ₁ ≤ … ≤ θₙ₋₁
 * @param eigenvectors {@code eigenvectors[k]} is the unit eigenvector of {@code eigenvalues[k]}
 */
public record SymmetricTridiagonalEigen(double[] eigenvalues, double[][] eigenvectors) {

    /** EISPACK's limit on QL sweeps spent on one eigenvalue before giving up. */
    private static final int MAX_SWEEPS_PER_EIGENVALUE = 30;

    /** Machine epsilon of double, 2⁻⁵², the deflation threshold of tql2. */
    private static final double EPSILON = 0x1p-52;

    public SymmetricTridiagonalEigen {
        if (eigenvalues.length != eigenvectors.length) {
            throw new IllegalArgumentException(
                    eigenvalues.length
                            + " eigenvalues but "
                            + eigenvectors.length
                            + " eigenvectors");
        }
    }

    /**
     * Decomposes the tridiagonal matrix with diagonal {@code alpha} and off-diagonal {@code beta}.
     *
     * @param alpha the diagonal, length n ≥ 1
     * @param beta the off-diagonal, length n − 1 ({@code beta[i]} couples rows i and i + 1)
     * @throws LlaException (usage) if the lengths do not fit; (numerical) if an entry is not finite
     *     or the iteration does not converge
     */
    public static SymmetricTridiagonalEigen decompose(double[] alpha, double[] beta) {
        int n = alpha.length;
        if (n == 0) {
            throw LlaException.usage("tridiagonal eigenproblem of size 0");
        }
        if (beta.length != n - 1) {
            throw LlaException.usage(
                    "tridiagonal matrix with "
                            + n
                            + " diagonal entries needs "
                            + (n - 1)
                            + " off-diagonal entries, got "
                            + beta.length);
        }
        requireFinite(alpha, "diagonal");
        requireFinite(beta, "off-diagonal");

        double[] theta = alpha.clone();
        // e[i] couples rows i and i+1; the trailing zero ends every deflation search.
        double[] e = new double[n];
        System.arraycopy(beta, 0, e, 0, n - 1);
        double[][] z = new double[n][n];
        for (int k = 0; k < n; k++) {
            z[k][k] = 1.0;
        }
        implicitQl(theta, e, z);
        sortAscending(theta, z);
        return new SymmetricTridiagonalEigen(theta, z);
    }

    /** Order n of the matrix. */
    public int size() {
        return eigenvalues.length;
    }

    /** First component of eigenvector k, {@code z₀ₖ}. */
    public double firstComponent(int k) {
        return eigenvectors[k][0];
    }

    /** Last component of eigenvector k, {@code zₙ₋₁,ₖ} (the Lanczos residual estimate uses it). */
    public double lastComponent(int k) {
        return eigenvectors[k][eigenvectors[k].length - 1];
    }

    /** A new array of all first components, {@code z₀ₖ} for k = 0 … n − 1. */
    public double[] firstComponents() {
        double[] first = new double[size()];
        for (int k = 0; k < first.length; k++) {
            first[k] = firstComponent(k);
        }
        return first;
    }

    /**
     * tql2: on return {@code d} holds the eigenvalues (unordered) and row k of {@code z} the
     * eigenvector of {@code d[k]}. Rows of {@code z} are the columns of EISPACK's matrix, so a
     * plane rotation touches two contiguous rows.
     */
    private static void implicitQl(double[] d, double[] e, double[][] z) {
        int n = d.length;
        double shiftSum = 0.0;
        double scale = 0.0;
        for (int l = 0; l < n; l++) {
            scale = Math.max(scale, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (Math.abs(e[m]) > EPSILON * scale) {
                m++; // terminates: e[n-1] == 0
            }
            int sweeps = 0;
            while (m > l && Math.abs(e[l]) > EPSILON * scale) {
                if (++sweeps > MAX_SWEEPS_PER_EIGENVALUE) {
                    throw LlaException.numerical(
                            "tridiagonal QL iteration did not converge for eigenvalue "
                                    + l
                                    + " of "
                                    + n
                                    + " after "
                                    + MAX_SWEEPS_PER_EIGENVALUE
                                    + " sweeps (off-diagonal "
                                    + e[l]
                                    + ")");
                }
                // Wilkinson shift from the leading 2×2 block.
                double g = d[l];
                double p = (d[l + 1] - g) / (2.0 * e[l]);
                double r = Math.copySign(Math.hypot(p, 1.0), p);
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                double dl1 = d[l + 1];
                double h = g - d[l];
                for (int i = l + 2; i < n; i++) {
                    d[i] -= h;
                }
                shiftSum += h;

                // Implicit QL sweep from m up to l.
                p = d[m];
                double c = 1.0;
                double c2 = c;
                double c3 = c;
                double el1 = e[l + 1];
                double s = 0.0;
                double s2 = 0.0;
                for (int i = m - 1; i >= l; i--) {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = Math.hypot(p, e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    rotate(z[i], z[i + 1], c, s);
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * p;
                d[l] = c * p;
            }
            d[l] += shiftSum;
            e[l] = 0.0;
        }
    }

    /** {@code (zi, zi1) ← (c·zi − s·zi1, s·zi + c·zi1)}, component by component. */
    private static void rotate(double[] zi, double[] zi1, double c, double s) {
        for (int k = 0; k < zi.length; k++) {
            double h = zi1[k];
            zi1[k] = s * zi[k] + c * h;
            zi[k] = c * zi[k] - s * h;
        }
    }

    /** Selection sort: n is small and every swap of eigenvectors is a swap of row references. */
    private static void sortAscending(double[] d, double[][] z) {
        for (int i = 0; i < d.length - 1; i++) {
            int min = i;
            for (int j = i + 1; j < d.length; j++) {
                if (d[j] < d[min]) {
                    min = j;
                }
            }
            if (min != i) {
                double value = d[i];
                d[i] = d[min];
                d[min] = value;
                double[] vector = z[i];
                z[i] = z[min];
                z[min] = vector;
            }
        }
    }

    private static void requireFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw LlaException.numerical(
                        "tridiagonal matrix has a non-finite "
                                + what
                                + " entry "
                                + values[i]
                                + " at index "
                                + i);
            }
        }
    }
}
