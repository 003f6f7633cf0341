package dev.lla.core.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.Curvature;

/**
 * Exact Gauss-Newton ({@code G v = Jᵀ H_z J v}) or NME ({@code H v − G v}) products on one batch.
 * The graphs are built once: the outputs z with their graph, {@code Jᵀu} for a dummy u (so that
 * J v is one backward in u) and, for NME, the retained gradient graph of the Hessian products.
 * Every product runs in its own sub-manager, so native memory is flat.
 */
final class TorchBatchCurvature implements BatchHessian<FlatVector> {

    /** The graphs of one batch that the products go through. */
    record Graphs(NDManager manager, NDArray logits, NDArray u, NDList jtu, NDList grads) {}

    private final TorchScriptModel model;
    private final Curvature curvature;
    private final Graphs graphs;
    private final double loss;
    private final long correct;
    private final int size;

    TorchBatchCurvature(
            TorchScriptModel model, Curvature curvature, Graphs graphs, double loss, long correct, int size) {
        this.model = model;
        this.curvature = curvature;
        this.graphs = graphs;
        this.loss = loss;
        this.correct = correct;
        this.size = size;
    }

    @Override
    public void apply(FlatVector x, FlatVector out) {
        try (NDManager step = graphs.manager().newSubManager()) {
            NDList v = model.asParameterViews(step, x);
            NDList gv = model.gaussNewton(step, graphs, v);
            if (curvature == Curvature.NME) {
                // Both products exist before out is written, so x may be out.
                NDList hv = model.hvp(step, graphs.grads(), v);
                model.flattenInto(step, hv, out);
                NDList pieces = model.asParameterViews(step, out);
                for (int i = 0; i < pieces.size(); i++) {
                    pieces.get(i).subi(gv.get(i));
                }
            } else {
                model.flattenInto(step, gv, out);
            }
        }
    }

    @Override
    public double loss() {
        return loss;
    }

    @Override
    public long correct() {
        return correct;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void close() {
        graphs.manager().close();
    }
}
