package dev.lla.core.model.torch;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.lla.core.model.BatchHessian;

/**
 * Exact Hessian-vector products on one batch through a retained gradient graph: each product is
 * one backward pass (about 60% of a full forward + double backward). Every product runs in its own
 * sub-manager, so native memory is flat however many are taken.
 */
final class TorchBatchHessian implements BatchHessian<FlatVector> {

    private final TorchScriptModel model;
    private final NDManager graph;
    private final NDList grads;
    private final double loss;
    private final long correct;
    private final int size;

    TorchBatchHessian(
            TorchScriptModel model, NDManager graph, NDList grads, double loss, long correct, int size) {
        this.model = model;
        this.graph = graph;
        this.grads = grads;
        this.loss = loss;
        this.correct = correct;
        this.size = size;
    }

    @Override
    public void apply(FlatVector x, FlatVector out) {
        try (NDManager step = graph.newSubManager()) {
            NDList hv = model.hvp(step, grads, model.asParameterViews(step, x));
            model.flattenInto(step, hv, out);
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
        graph.close();
    }
}
