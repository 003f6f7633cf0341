package dev.lla.core.track;

import java.util.List;

/**
 * How far the leading eigenvectors moved between two checkpoints: the subspace overlap {@code
 * ‖U_aᵀ U_b‖_F² / k} (1 for the same span, k'/k when k' directions are shared, about k/P for
 * random spans) and, for each vector of a, its best |cosine| with a vector of b (sign-blind, as
 * eigenvectors have no sign). With sets of different sizes k is the smaller one, so that the
 * overlap stays in [0, 1]. Vectors are unit (Ritz vectors); sums in float64.
 *
 * @param overlap the subspace overlap
 * @param bestCosine for each vector of a, {@code max_j |a_i · b_j|}
 */
public record Overlap(double overlap, double[] bestCosine) {

    /** The overlap of the spans of {@code a} and {@code b}. */
    public static Overlap of(List<float[]> a, List<float[]> b) {
        int k = Math.min(a.size(), b.size());
        if (k == 0) {
            return new Overlap(Double.NaN, new double[a.size()]);
        }
        double sum = 0;
        double[] best = new double[a.size()];
        for (int i = 0; i < a.size(); i++) {
            for (float[] bj : b) {
                double c = dot(a.get(i), bj);
                sum += c * c;
                best[i] = Math.max(best[i], Math.abs(c));
            }
        }
        return new Overlap(sum / k, best);
    }

    static double dot(float[] x, float[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("vectors of " + x.length + " and " + y.length + " entries");
        }
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (double) x[i] * y[i];
        }
        return s;
    }
}
