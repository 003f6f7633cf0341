package dev.lla.core.track;

import dev.lla.core.hesd.Localization;
import java.util.List;

/**
 * The leading eigenpairs of one checkpoint's Hessian, without the vectors themselves.
 *
 * @param checkpoint index in the series
 * @param loss the mean loss on the Hessian batches at the checkpoint's weights
 * @param pairs descending by value
 * @param iterations Lanczos steps taken
 */
public record CheckpointEigen(int checkpoint, double loss, List<Pair> pairs, int iterations) {

    public CheckpointEigen {
        pairs = List.copyOf(pairs);
    }

    /** One eigenpair: its value, convergence evidence and localization. */
    public record Pair(double value, double residual, double relativeResidual, boolean converged, double ipr,
            List<Localization.TensorShare> tensors) {}
}
