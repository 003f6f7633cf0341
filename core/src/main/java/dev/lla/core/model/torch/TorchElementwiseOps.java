package dev.lla.core.model.torch;

import ai.djl.ndarray.NDArray;
import dev.lla.core.train.ElementwiseOps;

/**
 * Elementwise operations on flat parameter vectors, each one libtorch call on the device; results
 * are swapped into their target without a copy ({@link FlatVector#takeOver}).
 */
final class TorchElementwiseOps implements ElementwiseOps<FlatVector> {

    private final FlatParameterSpace space;

    TorchElementwiseOps(FlatParameterSpace space) {
        this.space = space;
    }

    @Override
    public void sqrt(FlatVector x, FlatVector out) {
        out.takeOver(x.data.sqrt());
    }

    @Override
    public void addScalar(double c, FlatVector x) {
        x.data.addi(c);
    }

    @Override
    public void divide(FlatVector x, FlatVector y, FlatVector out) {
        out.takeOver(x.data.div(y.data));
    }

    @Override
    public void addProduct(double a, FlatVector x, FlatVector y, FlatVector z) {
        try (NDArray product = x.data.mul(y.data)) {
            product.muli(a);
            z.data.addi(product);
        }
    }

    @Override
    public float[] toHost(FlatVector x) {
        return space.toHost(x);
    }

    @Override
    public void fromHost(float[] values, FlatVector x) {
        FlatVector created = space.fromHost(values);
        // A clone owns its memory; the created array only wraps a Java buffer (see TorchTensorwiseOps).
        try (NDArray data = created.data) {
            x.takeOver(data.duplicate());
        }
    }
}
