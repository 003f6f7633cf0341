package dev.lla.core.landscape;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * {@link TensorwiseOps} on {@code double[]} vectors laid out as consecutive row-major tensors of
 * the given shapes; for tests and small problems, alongside
 * {@link dev.lla.core.spectrum.ArrayVectorSpace}.
 */
public final class ArrayTensorwiseOps implements TensorwiseOps<double[]> {

    private final List<long[]> shapes;
    private final int[] offsets;

    /** Tensors of {@code shapes}, laid out one after another. */
    public ArrayTensorwiseOps(List<long[]> shapes) {
        this.shapes = List.copyOf(shapes);
        this.offsets = new int[shapes.size() + 1];
        for (int t = 0; t < shapes.size(); t++) {
            offsets[t + 1] = offsets[t] + Math.toIntExact(TensorwiseOps.size(shapes.get(t)));
        }
    }

    /** The vectors' length. */
    public int dimension() {
        return offsets[shapes.size()];
    }

    @Override
    public List<long[]> shapes() {
        return shapes;
    }

    @Override
    public double[] tensorNorms(double[] x, int p) {
        double[] norms = new double[shapes.size()];
        for (int t = 0; t < norms.length; t++) {
            norms[t] = norm(x, offsets[t], offsets[t + 1], p);
        }
        return norms;
    }

    @Override
    public double[][] filterNorms(double[] x, int p) {
        double[][] norms = new double[shapes.size()][];
        for (int t = 0; t < norms.length; t++) {
            int filters = (int) TensorwiseOps.filters(shapes.get(t));
            int width = filters == 0 ? 0 : (offsets[t + 1] - offsets[t]) / filters;
            norms[t] = new double[filters];
            for (int f = 0; f < filters; f++) {
                int from = offsets[t] + f * width;
                norms[t][f] = norm(x, from, from + width, p);
            }
        }
        return norms;
    }

    private static double norm(double[] x, int from, int to, int p) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += p == 1 ? Math.abs(x[i]) : x[i] * x[i];
        }
        return p == 1 ? sum : Math.sqrt(sum);
    }

    @Override
    public void scaleTensors(double[] x, double[] factors) {
        for (int t = 0; t < shapes.size(); t++) {
            for (int i = offsets[t]; i < offsets[t + 1]; i++) {
                x[i] *= factors[t];
            }
        }
    }

    @Override
    public void scaleFilters(double[] x, double[][] factors) {
        for (int t = 0; t < shapes.size(); t++) {
            if (factors[t].length == 0) {
                continue;
            }
            int width = (offsets[t + 1] - offsets[t]) / factors[t].length;
            for (int i = offsets[t]; i < offsets[t + 1]; i++) {
                x[i] *= factors[t][(i - offsets[t]) / width];
            }
        }
    }

    @Override
    public void multiply(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= y[i];
        }
    }

    @Override
    public void zeroVectors(double[] x) {
        for (int t = 0; t < shapes.size(); t++) {
            if (shapes.get(t).length == 1) {
                java.util.Arrays.fill(x, offsets[t], offsets[t + 1], 0.0);
            }
        }
    }

    @Override
    public void fill(double[] x, DoubleSupplier values) {
        for (int i = 0; i < x.length; i++) {
            x[i] = values.getAsDouble();
        }
    }

    @Override
    public float[] toFloats(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }
}
