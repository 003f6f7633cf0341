package dev.lla.core.hesd;

import dev.lla.core.model.ParameterInfo;

/**
 * What {@code hesd.json} says of one saved Ritz vector: its pair, its convergence and where in the
 * network it lives (the vector itself is in {@code eigenvectors.npz} under {@code key}).
 */
public record EigenvectorReport(
        Integer batch, String key, double value, double residual, double relativeResidual, boolean converged,
        double ipr, java.util.List<Localization.TensorShare> tensors) {

    /** The report of {@code v} for a model with {@code parameters}. */
    public static EigenvectorReport of(Eigenvector v, java.util.List<ParameterInfo> parameters) {
        Localization l = Localization.of(v.values(), parameters);
        return new EigenvectorReport(v.batch(), v.key(), v.value(), v.residual(), v.relativeResidual(), v.converged(),
                l.ipr(), l.tensors());
    }
}
