package dev.lla.core.hesd;

import dev.lla.core.data.Batch;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.LinearOperator;
import dev.lla.core.spectrum.VectorSpace;
import java.util.List;

/**
 * The sample-weighted mean Hessian {@code Σ n_b H_b / Σ n_b} over several batches (PyHessian's
 * data-loader Hessian). Each product rebuilds one batch's gradient graph at a time, so memory
 * holds one graph however many batches there are.
 */
public final class MeanHessian<V> implements LinearOperator<V> {

    private final TrainableModel<V> model;
    private final List<Batch> batches;
    private final ModelMode mode;
    private final Curvature curvature;
    private final long samples;

    public MeanHessian(TrainableModel<V> model, List<Batch> batches, ModelMode mode) {
        this(model, batches, mode, Curvature.HESSIAN);
    }

    /** The mean of each batch's {@code curvature} matrix (G and NME are means over samples too). */
    public MeanHessian(TrainableModel<V> model, List<Batch> batches, ModelMode mode, Curvature curvature) {
        this.model = model;
        this.batches = batches;
        this.mode = mode;
        this.curvature = curvature;
        this.samples = batches.stream().mapToLong(Batch::size).sum();
    }

    @Override
    public void apply(V x, V out) {
        VectorSpace<V> space = model.parameterSpace();
        V part = space.zeros();
        try {
            for (int b = 0; b < batches.size(); b++) {
                Batch batch = batches.get(b);
                // The first product is written straight into out, so nothing stale survives.
                V target = b == 0 ? out : part;
                try (BatchHessian<V> hessian = model.curvature(batch, mode, curvature)) {
                    hessian.apply(x, target);
                }
                double weight = (double) batch.size() / samples;
                if (b == 0) {
                    space.scale(weight, out);
                } else {
                    space.axpy(weight, part, out);
                }
            }
        } finally {
            space.release(part);
        }
    }
}
