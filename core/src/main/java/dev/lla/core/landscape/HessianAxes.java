package dev.lla.core.landscape;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.ExtremeEigenpairs;
import dev.lla.core.spectrum.ExtremeEigenvalues;
import dev.lla.core.spectrum.VectorSpace;
import java.util.Locale;

/**
 * Landscape axes along Hessian eigenvectors at the weights: the two largest curvature directions
 * (LLA), or the largest and the most negative one (Böttcher and Wheeler 2024, "Visualising loss
 * landscapes with Hessian directions"). The eigenvectors come from Lanczos with a residual test
 * ({@link ExtremeEigenvalues}) on one batch; they have unit L2 norm, and their sign is arbitrary,
 * as any eigenvector's.
 */
public final class HessianAxes {

    /** Which eigenvectors span the plane. */
    public enum Pair {
        /** The largest and second largest eigenvalues' eigenvectors. */
        TOP2,
        /** The largest and the most negative (smallest) eigenvalues' eigenvectors. */
        MINMAX;

        /** Lower-case name as on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final double TOLERANCE = 1e-4;
    private static final int MAX_ITERATIONS = 300;

    private HessianAxes() {}

    /**
     * The eigenvector pair of the Hessian on {@code batch} at the model's current weights
     * {@code w0}, prepared (and normalized) as {@code config} says. A direction whose eigenpair
     * did not converge is a numerical failure with the figures, never a silent guess.
     */
    public static <V> Directions<V> of(
            TrainableModel<V> model, Batch batch, Pair pair, V w0, LandscapeConfig config) {
        VectorSpace<V> space = model.parameterSpace();
        ExtremeEigenpairs<V> pairs;
        try (BatchHessian<V> hessian = model.hessian(batch, config.mode())) {
            pairs = new ExtremeEigenvalues<>(space, hessian, TOLERANCE, MAX_ITERATIONS)
                    .compute(Seeds.stream(config.seed(), "landscape-hessian"), 2);
        }
        try {
            if (pairs.largest().isEmpty() || (pair == Pair.TOP2 && config.dims() == 2 && pairs.largest().size() < 2)) {
                throw LlaException.numerical("the Hessian has fewer than two distinct eigenvalues for the axes");
            }
            var first = pairs.largest().get(0);
            var second = pair == Pair.TOP2 ? pairs.largest().get(Math.min(1, pairs.largest().size() - 1))
                    : pairs.smallest();
            requireConverged(first.converged(), first.relativeResidual(), "largest");
            if (config.dims() == 2) {
                requireConverged(second.converged(), second.relativeResidual(),
                        pair == Pair.TOP2 ? "second largest" : "most negative");
            }
            V d1 = space.zeros();
            space.copy(first.vector(), d1);
            V d2 = null;
            if (config.dims() == 2) {
                d2 = space.zeros();
                space.copy(second.vector(), d2);
            }
            return Directions.prepare(space, model.tensorwise(), w0, d1, d2, config);
        } finally {
            pairs.release(space);
        }
    }

    private static void requireConverged(boolean converged, double relativeResidual, String which) {
        if (!converged) {
            throw LlaException.numerical(String.format(Locale.ROOT,
                    "the %s Hessian eigenvector for the axes did not converge in %d Lanczos steps"
                            + " (relative residual %.1e)", which, MAX_ITERATIONS, relativeResidual));
        }
    }
}
