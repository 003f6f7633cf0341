package dev.lla.core.landscape;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.hesd.HesdMemory;
import dev.lla.core.memory.MemoryPlan;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.ModelSize;
import dev.lla.core.model.ScaledOperator;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.ExtremeEigenpairs;
import dev.lla.core.spectrum.ExtremeEigenvalues;
import dev.lla.core.spectrum.VectorSpace;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Landscape axes along curvature eigenvectors at the weights: the two largest curvature directions
 * (LLA), or the largest and the most negative one (Böttcher and Wheeler 2024, "Visualising loss
 * landscapes with Hessian directions"). The matrix is the Hessian (default), the Gauss-Newton matrix
 * or NME = H − G ({@link Curvature}), optionally scale-invariant ({@code D C D}, D = diag(w)). The
 * eigenvectors come from Lanczos with a residual test ({@link ExtremeEigenvalues}) on one batch;
 * they have unit L2 norm, and their sign is arbitrary, as any eigenvector's.
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

    /**
     * The matrix whose eigenvectors give the axes.
     *
     * @param curvature H, G or NME
     * @param scaleInvariant take the eigenvectors u of {@code D C D} and step along {@code D u}
     */
    public record Operator(Curvature curvature, boolean scaleInvariant) {

        /** The plain Hessian: the axes lla has always drawn. */
        public static final Operator HESSIAN = new Operator(Curvature.HESSIAN, false);

        /** Its name in messages, e.g. "Gauss-Newton" or "scale-invariant Hessian". */
        String title() {
            String name = switch (curvature) {
                case HESSIAN -> "Hessian";
                case GAUSS_NEWTON -> "Gauss-Newton";
                case NME -> "NME";
            };
            return scaleInvariant ? "scale-invariant " + name : name;
        }
    }

    private static final double TOLERANCE = 1e-4;

    /** Most Lanczos steps of the eigenvector search unless the command says otherwise. */
    public static final int DEFAULT_ITERATIONS = 300;

    private HessianAxes() {}

    /** {@link #of(TrainableModel, Batch, Pair, Operator, Object, LandscapeConfig)} of the plain Hessian. */
    public static <V> Directions<V> of(
            TrainableModel<V> model, Batch batch, Pair pair, V w0, LandscapeConfig config) {
        return of(model, batch, pair, Operator.HESSIAN, w0, config);
    }

    /**
     * The eigenvector pair of {@code operator} on {@code batch} at the model's current weights
     * {@code w0}, prepared (and normalized) as {@code config} says. A direction whose eigenpair
     * did not converge is a numerical failure with the figures, never a silent guess.
     */
    public static <V> Directions<V> of(
            TrainableModel<V> model, Batch batch, Pair pair, Operator operator, V w0, LandscapeConfig config) {
        return of(model, batch, pair, operator, w0, config, DEFAULT_ITERATIONS);
    }

    /**
     * The memory plan of the eigenvector search on {@code batch} ({@code maxIterations} basis rows,
     * the graph of the batch), checked before it starts: a search that cannot fit is refused with
     * one line and the ways out ({@link HesdMemory#checkSearch}). Empty where the device says
     * nothing about memory.
     *
     * @param limitBytes plan against at most this much device memory; -1 for all that is free
     */
    public static Optional<MemoryPlan> plan(TrainableModel<?> model, Batch batch, Operator operator, ModelMode mode,
            int maxIterations, long limitBytes) {
        return HesdMemory.checkSearch(2, maxIterations, mode, operator.curvature(), operator.scaleInvariant(),
                HesdMemory.HostVectors.NONE, limitBytes, model, List.of(batch));
    }

    /** Refuses, before libtorch loads, a search of at most {@code maxIterations} steps that cannot fit {@code model}. */
    public static void checkBeforeEngine(Operator operator, int maxIterations, long limitBytes, ModelSize model) {
        HesdMemory.checkSearchBeforeEngine(2, maxIterations, operator.curvature(), operator.scaleInvariant(),
                HesdMemory.HostVectors.NONE, limitBytes, model);
    }

    /**
     * As {@link #of(TrainableModel, Batch, Pair, Operator, Object, LandscapeConfig)}, in at most
     * {@code maxIterations} Lanczos steps.
     */
    public static <V> Directions<V> of(TrainableModel<V> model, Batch batch, Pair pair, Operator operator, V w0,
            LandscapeConfig config, int maxIterations) {
        VectorSpace<V> space = model.parameterSpace();
        ExtremeEigenpairs<V> pairs;
        try (BatchHessian<V> curvature = model.curvature(batch, config.mode(), operator.curvature());
                ScaledOperator<V> scaling = operator.scaleInvariant()
                        ? new ScaledOperator<>(space, model.tensorwise(), w0) : null) {
            pairs = new ExtremeEigenvalues<>(space, scaling == null ? curvature : scaling.around(curvature),
                    TOLERANCE, maxIterations).compute(Seeds.stream(config.seed(), "landscape-hessian"), 2);
        }
        try {
            if (pairs.largest().isEmpty() || (pair == Pair.TOP2 && config.dims() == 2 && pairs.largest().size() < 2)) {
                throw LlaException.numerical("the " + operator.title()
                        + " matrix has fewer than two distinct eigenvalues for the axes");
            }
            var first = pairs.largest().get(0);
            var second = pair == Pair.TOP2 ? pairs.largest().get(Math.min(1, pairs.largest().size() - 1))
                    : pairs.smallest();
            requireConverged(operator, first.converged(), first.relativeResidual(), "largest", maxIterations);
            if (config.dims() == 2) {
                requireConverged(operator, second.converged(), second.relativeResidual(),
                        pair == Pair.TOP2 ? "second largest" : "most negative", maxIterations);
            }
            V d1 = weightSpace(model, operator, first.vector(), w0);
            V d2 = config.dims() == 2 ? weightSpace(model, operator, second.vector(), w0) : null;
            if (operator.scaleInvariant()) {
                // D u1 and D u2 are C-conjugate ((D u1)ᵀ C (D u2) = u1ᵀ DCD u2 = 0) but not orthogonal;
                // Gram-Schmidt would mix D u1 into d2 and lose d2ᵀ C d2 = λ2. The cosine is reported.
                return Directions.normalized(space, model.tensorwise(), w0, d1, d2, config);
            }
            return Directions.prepare(space, model.tensorwise(), w0, d1, d2, config);
        } finally {
            pairs.release(space);
        }
    }

    /**
     * A copy of the eigenvector {@code u} as a step of the weights: {@code u} itself, or {@code D u}
     * for a scale-invariant operator. u lives in the coordinates {@code w = D x} in which the
     * curvature is {@code D C D}; the step {@code δw = D u} has {@code δwᵀ C δw = uᵀ D C D u = λ},
     * so the loss bends along it as the scale-invariant eigenvalue says, and a rescaling of the
     * layers ({@code w' = S w}) turns it into {@code S δw}: the same path through function space.
     * With D = diag(w) signed, {@code D u = |D| Σ u} where {@code Σ u} is the eigenvector of
     * {@code |D| C |D|}, so the step is the same as with diag(|w|).
     */
    private static <V> V weightSpace(TrainableModel<V> model, Operator operator, V u, V w0) {
        VectorSpace<V> space = model.parameterSpace();
        V d = space.zeros();
        space.copy(u, d);
        if (operator.scaleInvariant()) {
            model.tensorwise().multiply(d, w0);
        }
        return d;
    }

    private static void requireConverged(Operator operator, boolean converged, double relativeResidual, String which,
            int maxIterations) {
        if (!converged) {
            throw LlaException.numerical(String.format(Locale.ROOT,
                    "the %s %s eigenvector for the axes did not converge in %d Lanczos steps"
                            + " (relative residual %.1e)", which, operator.title(), maxIterations, relativeResidual));
        }
    }
}
