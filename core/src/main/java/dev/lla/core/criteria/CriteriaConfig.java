package dev.lla.core.criteria;

import dev.lla.core.LlaException;
import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.ModelMode;
import dev.lla.core.spectrum.SpectralDensity;
import java.util.List;

/**
 * What fixes the numbers of a criteria estimate.
 *
 * @param runs SLQ runs per Hessian, the paper's {@code n_hes}
 * @param iterations Lanczos steps per run (KH05 is defined on the quadrature nodes, so it depends
 *     on this number)
 * @param exponents the n of every {@code KH_n}
 * @param scope per-batch Hessians (the paper) or their mean
 * @param mode BatchNorm mode
 * @param seed seed of every start vector
 * @param curvature the matrix whose spectrum the criteria describe (the Hessian by default)
 * @param scaleInvariant describe {@code D C D}, {@code D = diag(|w|)}, instead of {@code C}
 */
public record CriteriaConfig(
        int runs, int iterations, List<Double> exponents, HessianScope scope, ModelMode mode, long seed,
        Curvature curvature, boolean scaleInvariant) {

    /** The plain (not scale-invariant) criteria of {@code curvature}. */
    public CriteriaConfig(int runs, int iterations, List<Double> exponents, HessianScope scope, ModelMode mode, long seed,
            Curvature curvature) {
        this(runs, iterations, exponents, scope, mode, seed, curvature, false);
    }

    /** The Hessian's criteria (the default operator). */
    public CriteriaConfig(int runs, int iterations, List<Double> exponents, HessianScope scope, ModelMode mode, long seed) {
        this(runs, iterations, exponents, scope, mode, seed, Curvature.HESSIAN);
    }

    public CriteriaConfig {
        if (curvature == null) {
            throw LlaException.usage("--operator must be given");
        }
        exponents = List.copyOf(exponents);
        HessianCriteria.requireValidExponents(exponents);
        if (runs < 1) {
            throw LlaException.usage("--nhes must be at least 1, got " + runs);
        }
    }

    /**
     * The spectral analysis the criteria need: SLQ runs only, no eigenvalues or trace. The density
     * that comes with it is unused but must be computable: on a 2-point grid it vanished (an error)
     * whenever no node lay within 40σ of the averaged extremes, so it keeps hesd's default grid
     * (cheap: each node touches only the points within its reach).
     */
    public HesdConfig spectralAnalysis() {
        return new HesdConfig(runs, iterations, HesdConfig.Reorthogonalization.FULL, 0, 0, 0, 1e-3, 1e-4, 1,
                scope, mode, seed, SpectralDensity.DEFAULT_BINS, SpectralDensity.DEFAULT_PAD,
                SpectralDensity.DEFAULT_S2, curvature, scaleInvariant);
    }
}
