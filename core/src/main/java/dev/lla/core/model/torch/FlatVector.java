package dev.lla.core.model.torch;

import ai.djl.ndarray.NDArray;

/**
 * A parameter-space vector: one contiguous 1-D tensor of P scalars on the model's device. Results
 * of whole-vector operations are swapped in with {@link NDArray#intern}, so the Java object stays
 * while its native tensor is replaced without a copy.
 */
public final class FlatVector {

    final NDArray data;

    FlatVector(NDArray data) {
        this.data = data;
    }

    /** Replaces the contents by {@code result}, which this vector takes over. */
    void takeOver(NDArray result) {
        data.intern(result);
    }
}
