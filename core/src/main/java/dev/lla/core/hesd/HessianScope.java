package dev.lla.core.hesd;

/** Which Hessian a multi-batch run analyses. */
public enum HessianScope {
    /**
     * Each batch's own Hessian {@code H_b}, analysed separately and the results pooled (the paper's
     * method: criteria per batch, then averaged; its variation falls with the number of batches).
     */
    PER_BATCH,
    /**
     * The sample-weighted mean {@code Σ n_b H_b / Σ n_b} over all batches, as PyHessian's
     * data-loader Hessian; each product costs a forward and double backward per batch.
     */
    MEAN
}
