package dev.lla.core.spectrum;

import dev.lla.core.linalg.SymmetricTridiagonalEigen;

/**
 * The tridiagonal matrix {@code T} of an m-step Lanczos run: {@code Qᵀ·A·Q = T} for the orthonormal
 * Lanczos vectors {@code Q = [q₁ … qₘ]}.
 *
 * <p>Arrays are shared, not copied: do not modify them.
 *
 * @param alpha the diagonal α₁ … αₘ, {@code αⱼ = qⱼᵀ·A·qⱼ}
 * @param beta the off-diagonal β₂ … βₘ ({@code beta[i]} couples {@code alpha[i]} and {@code
 *     alpha[i+1]}), length m − 1
 * @param betaNext β_{m+1}, the norm of the residual after the last step: the Ritz pair (θ, y) of
 *     {@code T} has residual {@code ‖A·Qy − θ·Qy‖ = |betaNext·yₘ|} in exact arithmetic
 * @param iterations m, the number of steps taken (operator applications)
 * @param exhausted whether the Krylov space became invariant under {@code A} (β_{m+1} ≈ 0, or m
 *     reached the dimension), so that the eigenvalues of {@code T} are eigenvalues of {@code A} and
 *     the run stopped before the steps asked for
 * @param reorthogonalizations how many of the m steps re-orthogonalized their new vector against
 *     the stored basis: m for full re-orthogonalization and a bounded window, usually far fewer
 *     for partial re-orthogonalization, which does it only when its estimates call for it
 */
public record LanczosResult(
        double[] alpha,
        double[] beta,
        double betaNext,
        int iterations,
        boolean exhausted,
        int reorthogonalizations) {

    public LanczosResult {
        if (reorthogonalizations < 0 || reorthogonalizations > iterations) {
            throw new IllegalArgumentException(
                    reorthogonalizations + " re-orthogonalizations in " + iterations + " steps");
        }
        if (alpha.length != iterations || beta.length != Math.max(0, iterations - 1)) {
            throw new IllegalArgumentException(
                    "tridiagonal of "
                            + iterations
                            + " steps with "
                            + alpha.length
                            + " alpha and "
                            + beta.length
                            + " beta");
        }
    }

    /** Eigenvalues and eigenvectors of {@code T} (O(m³), m ≤ a few hundred). */
    public SymmetricTridiagonalEigen tridiagonalEigen() {
        return SymmetricTridiagonalEigen.decompose(alpha, beta);
    }

    /** Ritz values, the eigenvalues of {@code T}, ascending. */
    public double[] ritzValues() {
        return tridiagonalEigen().eigenvalues();
    }
}
