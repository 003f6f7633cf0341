package dev.lla.core.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lla.core.landscape.TensorwiseOps;
import dev.lla.core.model.ParameterInfo;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * {@link TensorwiseOps} on flat parameter vectors on the device. Each tensor is a view of the
 * flat vector (split and reshape, no copy), so scaling a view scales the vector in place. Norms are
 * taken in float64; only the norms and the scale factors cross between host and device.
 */
final class TorchTensorwiseOps implements TensorwiseOps<FlatVector> {

    private final NDManager manager;
    private final List<long[]> shapes;
    private final long[] splits;
    private final long dimension;
    private final DataType dataType;

    TorchTensorwiseOps(NDManager manager, List<ParameterInfo> parameters, DataType dataType) {
        this.manager = manager;
        this.shapes = parameters.stream().map(ParameterInfo::shape).toList();
        this.splits = new long[parameters.size() - 1];
        long offset = 0;
        for (int i = 0; i < parameters.size(); i++) {
            offset += parameters.get(i).size();
            if (i < splits.length) {
                splits[i] = offset;
            }
        }
        this.dimension = offset;
        this.dataType = dataType;
    }

    @Override
    public List<long[]> shapes() {
        return shapes;
    }

    /** Views of {@code x}, one per tensor, each of shape (filters, rest); attached to {@code scope}. */
    private NDList filterViews(NDManager scope, FlatVector x) {
        NDList pieces = splits.length == 0 ? new NDList(x.data.reshape(x.data.getShape())) : x.data.split(splits, 0);
        pieces.attach(scope);
        NDList views = new NDList(pieces.size());
        for (int t = 0; t < pieces.size(); t++) {
            long filters = TensorwiseOps.filters(shapes.get(t));
            NDArray view = pieces.get(t).reshape(new Shape(filters, filters == 0 ? 0 : -1));
            view.attach(scope);
            views.add(view);
        }
        return views;
    }

    private static NDArray filterNorms(NDArray view, int p) {
        NDArray wide = view.toType(DataType.FLOAT64, true);
        return p == 1 ? wide.abs().sum(new int[] {1}) : wide.square().sum(new int[] {1}).sqrt();
    }

    @Override
    public double[] tensorNorms(FlatVector x, int p) {
        double[][] perFilter = filterNorms(x, p);
        double[] out = new double[perFilter.length];
        for (int t = 0; t < out.length; t++) {
            double sum = 0;
            for (double n : perFilter[t]) {
                sum += p == 1 ? n : n * n;
            }
            out[t] = p == 1 ? sum : Math.sqrt(sum);
        }
        return out;
    }

    @Override
    public double[][] filterNorms(FlatVector x, int p) {
        try (NDManager scope = manager.newSubManager()) {
            NDList views = filterViews(scope, x);
            double[][] out = new double[views.size()][];
            for (int t = 0; t < out.length; t++) {
                NDArray norms = filterNorms(views.get(t), p);
                norms.attach(scope);
                out[t] = norms.toDoubleArray();
            }
            return out;
        }
    }

    @Override
    public void scaleTensors(FlatVector x, double[] factors) {
        try (NDManager scope = manager.newSubManager()) {
            NDList views = filterViews(scope, x);
            for (int t = 0; t < factors.length; t++) {
                scaleWide(scope, views.get(t), scope.create(factors[t]));
            }
        }
    }

    @Override
    public void scaleFilters(FlatVector x, double[][] factors) {
        try (NDManager scope = manager.newSubManager()) {
            NDList views = filterViews(scope, x);
            for (int t = 0; t < factors.length; t++) {
                if (factors[t].length == 0) {
                    continue;
                }
                scaleWide(scope, views.get(t), scope.create(factors[t], new Shape(factors[t].length, 1)));
            }
        }
    }

    /**
     * {@code view ← view·factors} computed in float64: a slice of tiny entries (an Adam moment
     * decayed towards 0) has a factor beyond float32's range although the product is an ordinary
     * number, and a float32 factor would turn it into ∞ and its zeros into NaN.
     */
    private void scaleWide(NDManager scope, NDArray view, NDArray factors) {
        NDArray wide = view.toType(DataType.FLOAT64, true).mul(factors);
        wide.attach(scope);
        NDArray narrow = wide.toType(dataType, false);
        narrow.attach(scope);
        TorchScriptModel.assign(view, narrow);
    }

    @Override
    public void multiply(FlatVector x, FlatVector y) {
        x.data.muli(y.data);
    }

    @Override
    public void zeroVectors(FlatVector x) {
        try (NDManager scope = manager.newSubManager()) {
            NDList views = filterViews(scope, x);
            for (int t = 0; t < views.size(); t++) {
                if (shapes.get(t).length == 1) {
                    TorchScriptModel.assign(views.get(t), views.get(t).zerosLike());
                }
            }
        }
    }

    @Override
    public void fill(FlatVector x, DoubleSupplier values) {
        int n = Math.toIntExact(dimension);
        NDArray created;
        if (dataType == DataType.FLOAT64) {
            double[] host = new double[n];
            for (int i = 0; i < n; i++) {
                host[i] = values.getAsDouble();
            }
            created = manager.create(host);
        } else {
            float[] host = new float[n];
            for (int i = 0; i < n; i++) {
                host[i] = (float) values.getAsDouble();
            }
            created = manager.create(host);
        }
        // On the CPU, create() wraps a Java direct buffer that only the created NDArray keeps
        // alive; intern() would move the native tensor but not the buffer, which the GC could
        // then free under it. A clone owns its memory.
        try (created) {
            x.takeOver(created.duplicate());
        }
    }

    @Override
    public float[] toFloats(FlatVector x) {
        if (x.data.getDataType() == DataType.FLOAT32) {
            return x.data.toFloatArray();
        }
        try (NDArray single = x.data.toType(DataType.FLOAT32, true)) {
            return single.toFloatArray();
        }
    }
}
