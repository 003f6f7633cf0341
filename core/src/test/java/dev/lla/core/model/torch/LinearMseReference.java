package dev.lla.core.model.torch;

import dev.lla.core.data.Batch;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The exact loss, gradient and Hessian of a linear classifier {@code f(x) = W x + b} (W: C × D,
 * b: C) under lla's {@code --loss mse}, computed in float64 on the host from the data alone.
 *
 * <p>With residuals {@code r_nc = W_c·x_n + b_c − [y_n = c]} over N samples and C classes:
 *
 * <ul>
 *   <li>{@code L = Σ r_nc² / (N·C)};
 *   <li>{@code ∂L/∂W_cj = 2/(N·C) Σ_n r_nc x_nj}, {@code ∂L/∂b_c = 2/(N·C) Σ_n r_nc};
 *   <li>L is quadratic, so H does not depend on the weights. For directions u, v (each a W-part and
 *       a b-part), {@code uᵀHv = 2/(N·C) Σ_n Σ_c (u_Wc·x_n + u_bc)(v_Wc·x_n + v_bc)}: the change of
 *       the outputs along u, dotted with that along v. In each class's own block of variables
 *       (W_c, b_c) this is {@code M = 2/(N·C) AᵀA} with {@code A = [X 1]} (N × (D+1)), and classes do
 *       not couple, so the eigenvalues of H are those of M, each repeated C times.
 * </ul>
 *
 * <p>Flat vectors follow {@code named_parameters()} of {@code fc}: W row-major (class c's row at
 * {@code c·D}), then b.
 */
final class LinearMseReference {

    private final double[][] x;
    private final int[] labels;
    private final int classes;
    private final int features;

    LinearMseReference(Batch batch, int classes) {
        this.labels = batch.labels();
        this.classes = classes;
        this.features = batch.pixels().length / batch.size();
        this.x = new double[batch.size()][features];
        for (int n = 0; n < batch.size(); n++) {
            for (int j = 0; j < features; j++) {
                x[n][j] = batch.pixels()[n * features + j];
            }
        }
    }

    /** Number of parameters, C·D + C. */
    int parameters() {
        return classes * features + classes;
    }

    /** {@code f_c(x_n)} for the flat parameters (or direction) {@code w}. */
    private double output(double[] w, int n, int c) {
        double sum = w[classes * features + c];
        for (int j = 0; j < features; j++) {
            sum += w[c * features + j] * x[n][j];
        }
        return sum;
    }

    private double scale() {
        return (double) x.length * classes;
    }

    /** L(w). */
    double loss(float[] w) {
        double[] weights = widen(w);
        double sum = 0;
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < classes; c++) {
                double r = output(weights, n, c) - (labels[n] == c ? 1 : 0);
                sum += r * r;
            }
        }
        return sum / scale();
    }

    /** ∇L(w), flat. */
    double[] gradient(float[] w) {
        double[] weights = widen(w);
        double[] g = new double[parameters()];
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < classes; c++) {
                double r = 2 * (output(weights, n, c) - (labels[n] == c ? 1 : 0)) / scale();
                for (int j = 0; j < features; j++) {
                    g[c * features + j] += r * x[n][j];
                }
                g[classes * features + c] += r;
            }
        }
        return g;
    }

    /** uᵀHv from the output changes along u and v (H is the same at every w). */
    double hessianForm(float[] u, float[] v) {
        double[] du = widen(u);
        double[] dv = widen(v);
        double sum = 0;
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < classes; c++) {
                sum += output(du, n, c) * output(dv, n, c);
            }
        }
        return 2 * sum / scale();
    }

    /** Hv: the gradient of ½vᵀHv, i.e. the output changes along v fed back through the inputs. */
    double[] hessianTimes(double[] v) {
        double[] hv = new double[parameters()];
        for (int n = 0; n < x.length; n++) {
            for (int c = 0; c < classes; c++) {
                double change = 2 * output(v, n, c) / scale();
                for (int j = 0; j < features; j++) {
                    hv[c * features + j] += change * x[n][j];
                }
                hv[classes * features + c] += change;
            }
        }
        return hv;
    }

    /** The eigenvalues of {@code M = 2/(N·C) [X 1]ᵀ[X 1]}, descending; each is C-fold in H. */
    double[] blockEigenvaluesDescending() {
        int size = features + 1;
        DMatrixRMaj m = new DMatrixRMaj(size, size);
        for (double[] sample : x) {
            for (int i = 0; i < size; i++) {
                double ai = i < features ? sample[i] : 1;
                for (int k = 0; k < size; k++) {
                    double ak = k < features ? sample[k] : 1;
                    m.add(i, k, 2 * ai * ak / scale());
                }
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(size, false, true);
        if (!eigen.decompose(m)) {
            throw new IllegalStateException("EJML's symmetric eigensolver failed");
        }
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = eigen.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(values);
        double[] descending = new double[size];
        for (int i = 0; i < size; i++) {
            descending[i] = values[size - 1 - i];
        }
        return descending;
    }

    /** tr H = C · tr M = 2/N · Σ_n (‖x_n‖² + 1). */
    double trace() {
        double sum = 0;
        for (double[] sample : x) {
            sum += 1;
            for (double value : sample) {
                sum += value * value;
            }
        }
        return 2 * sum / x.length;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double[] widen(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }
}
