package dev.lla.core.model.torch;

import ai.djl.ndarray.NDArray;

/**
 * A parameter-space vector: one contiguous 1-D tensor of P scalars on the model's device. Results
 * of whole-vector operations are swapped in with {@link NDArray#intern}, so the Java object stays
 * while its native tensor is replaced without a copy.
 */
public final class FlatVector {

    final NDArray data;
    /** Made by {@link FlatParameterSpace#zeros}, so its tensor may serve again once released. */
    final boolean reusable;

    FlatVector(NDArray data) {
        this(data, false);
    }

    FlatVector(NDArray data, boolean reusable) {
        this.data = data;
        this.reusable = reusable;
    }

    /** Replaces the contents by {@code result}, which this vector takes over. */
    void takeOver(NDArray result) {
        data.intern(result);
    }
}
