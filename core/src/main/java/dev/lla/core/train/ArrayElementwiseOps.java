package dev.lla.core.train;

/**
 * {@link ElementwiseOps} on {@code double[]} vectors, for checking optimizers against hand and
 * closed-form computations.
 */
public final class ArrayElementwiseOps implements ElementwiseOps<double[]> {

    @Override
    public void sqrt(double[] x, double[] out) {
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.sqrt(x[i]);
        }
    }

    @Override
    public void addScalar(double c, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] += c;
        }
    }

    @Override
    public void divide(double[] x, double[] y, double[] out) {
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / y[i];
        }
    }

    @Override
    public void addProduct(double a, double[] x, double[] y, double[] z) {
        for (int i = 0; i < x.length; i++) {
            z[i] += a * x[i] * y[i];
        }
    }

    @Override
    public float[] toHost(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    @Override
    public void fromHost(float[] values, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] = values[i];
        }
    }
}
