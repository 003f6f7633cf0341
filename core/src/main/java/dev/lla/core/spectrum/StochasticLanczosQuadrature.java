package dev.lla.core.spectrum;

import dev.lla.core.LlaException;
import dev.lla.core.linalg.SymmetricTridiagonalEigen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stochastic Lanczos quadrature: Lanczos from a random Rademacher vector turns into a Gauss
 * quadrature rule for the operator's spectral measure (Golub-Welsch), whose average over runs
 * estimates the spectral density.
 *
 * <p>One run draws v with independent ±1 entries, normalizes it, takes m Lanczos steps and returns
 * nodes θₖ = eigenvalues of T and weights τₖ = (first component of T's k-th unit eigenvector)².
 *
 * <p>References: G. H. Golub and J. H. Welsch, "Calculation of Gauss quadrature rules", Math. Comp.
 * 23 (1969); S. Ubaru, J. Chen, Y. Saad, "Fast estimation of tr(f(A)) via stochastic Lanczos
 * quadrature", SIAM J. Matrix Anal. Appl. 38 (2017); B. Ghorbani, S. Krishnan, Y. Xiao, "An
 * investigation into neural net optimization via Hessian eigenvalue density", ICML 2019. Cost per
 * run: m operator applications plus the Lanczos re-orthogonalization; memory: the Lanczos basis,
 * its work vectors and the start vector.
 *
 * @param <V> the vector type
 */
public final class StochasticLanczosQuadrature<V> {

    private final Lanczos<V> lanczos;
    private final int steps;

    /**
     * Quadrature with {@code steps ≥ 1} Lanczos steps per run (METHODS.md default 100), run with
     * the given Lanczos variant (full or partial re-orthogonalization, or a bounded window).
     */
    public StochasticLanczosQuadrature(Lanczos<V> lanczos, int steps) {
        if (steps < 1) {
            throw LlaException.usage("quadrature needs at least 1 Lanczos step, got " + steps);
        }
        this.lanczos = lanczos;
        this.steps = steps;
    }

    /** One run from a fresh Rademacher start vector drawn from {@code random}. */
    public QuadratureRun run(SplittableRandom random) {
        VectorSpace<V> space = lanczos.space();
        V start = space.zeros();
        try {
            space.fillRademacher(start, random);
            return gaussQuadrature(lanczos.run(start, steps));
        } finally {
            space.release(start);
        }
    }

    /** {@code count ≥ 1} independent runs, start vectors drawn in order from {@code random}. */
    public List<QuadratureRun> runs(int count, SplittableRandom random) {
        if (count < 1) {
            throw LlaException.usage("quadrature needs at least 1 run, got " + count);
        }
        List<QuadratureRun> runs = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            runs.add(run(random));
        }
        return List.copyOf(runs);
    }

    /**
     * The Gauss rule of the Lanczos tridiagonal (Golub-Welsch): nodes are T's eigenvalues, weights
     * the squared first components of its unit eigenvectors.
     */
    public static QuadratureRun gaussQuadrature(LanczosResult lanczos) {
        SymmetricTridiagonalEigen eigen = lanczos.tridiagonalEigen();
        double[] weights = new double[eigen.size()];
        for (int k = 0; k < weights.length; k++) {
            double first = eigen.firstComponent(k);
            weights[k] = first * first;
        }
        return new QuadratureRun(
                eigen.eigenvalues(),
                weights,
                lanczos.iterations(),
                lanczos.exhausted(),
                lanczos.reorthogonalizations());
    }
}
