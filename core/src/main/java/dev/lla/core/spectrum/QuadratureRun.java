package dev.lla.core.spectrum;

/**
 * One stochastic Lanczos quadrature run: a Gauss quadrature rule {@code (θₖ, τₖ)} for the spectral
 * measure {@code μ(λ) = Σᵢ (v·uᵢ)² δ(λ − λᵢ)} of the operator seen from the unit start vector v.
 *
 * <p>{@code Σₖ τₖ·f(θₖ)} approximates {@code vᵀ·f(A)·v}, exactly for polynomials f of degree below
 * 2m. The weights sum to 1 and {@code Σₖ τₖ·θₖ = vᵀ·A·v}. Arrays are shared, not copied: do not
 * modify them.
 *
 * @param nodes θₖ, the Ritz values, ascending, length m
 * @param weights τₖ, the squared first components of T's eigenvectors, length m
 * @param iterations m, the Lanczos steps taken (operator applications)
 * @param exhausted whether the Krylov space became invariant before the steps asked for, so that
 *     the rule is the exact measure of the start vector
 * @param reorthogonalizations Lanczos steps that re-orthogonalized against the stored basis (see
 *     {@link LanczosResult#reorthogonalizations()}); a cost figure, not part of the rule
 */
public record QuadratureRun(
        double[] nodes,
        double[] weights,
        int iterations,
        boolean exhausted,
        int reorthogonalizations) {

    public QuadratureRun {
        if (nodes.length != weights.length || nodes.length == 0) {
            throw new IllegalArgumentException(
                    nodes.length + " nodes and " + weights.length + " weights");
        }
    }

    /** The smallest node θ₁. */
    public double minNode() {
        return nodes[0];
    }

    /** The largest node θₘ. */
    public double maxNode() {
        return nodes[nodes.length - 1];
    }

    /** {@code Σₖ τₖ·θₖᵖ}, the rule's estimate of {@code vᵀ·Aᵖ·v} (exact for p < 2m). */
    public double moment(int p) {
        double sum = 0.0;
        for (int k = 0; k < nodes.length; k++) {
            sum += weights[k] * Math.pow(nodes[k], p);
        }
        return sum;
    }
}
