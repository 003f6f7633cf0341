package dev.lla.core.spectrum;

import dev.lla.core.LlaException;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Hutch++ (Meyer, Musco, Musco, Woodruff, "Hutch++: Optimal stochastic trace estimation", SOSA
 * 2021): the trace of the top of the spectrum is taken exactly on a sketched subspace, and only the
 * remainder is left to Hutchinson, whose variance is then that of a matrix without its large
 * eigenvalues.
 *
 * <p>With k Rademacher sketch vectors S, {@code Q = orth(A·S)} and
 * {@code tr(A) = tr(QᵀAQ) + tr((I − QQᵀ) A (I − QQᵀ))} exactly. The first term costs k products for
 * A·S and k for A·Q; the second is Hutchinson's estimate with probes {@code (I − QQᵀ)g}. Given Q the
 * estimate is unbiased and its error is the remainder's, so the standard error is the remainder
 * samples' {@code s/√n}; the stopping rule is Hutchinson's: after at least {@code minSamples}
 * remainder samples, stop once {@code stderr ≤ relativeTolerance·|estimate|}, or when the product
 * budget {@code maxProducts} is spent.
 *
 * <p>Q is built one column at a time by Gram-Schmidt (the basis re-orthogonalizes twice), which is
 * the QR of A·S; a sketch column that A maps into the span already held (a rank-deficient A) is
 * dropped, costing its one product and no second. Memory: k basis vectors plus three.
 *
 * @param <V> the vector type
 */
public final class HutchPlusPlusTrace<V> {

    /** Below this many unit roundoffs of its length, an orthogonalized sketch column is noise. */
    private static final double DEPENDENT_COLUMN_ROUNDOFFS = 1e3;

    private final VectorSpace<V> space;
    private final LinearOperator<V> operator;
    private final int sketch;
    private final int minSamples;
    private final int maxProducts;
    private final double relativeTolerance;

    /**
     * @param sketch k, the sketch vectors, ≥ 1
     * @param minSamples remainder samples before the stopping test, ≥ 2
     * @param maxProducts the most operator applications in all, ≥ 2k + minSamples
     * @param relativeTolerance stop when {@code stderr ≤ relativeTolerance·|estimate|}, ≥ 0
     */
    public HutchPlusPlusTrace(VectorSpace<V> space, LinearOperator<V> operator, int sketch, int minSamples,
            int maxProducts, double relativeTolerance) {
        if (sketch < 1 || minSamples < 2 || maxProducts < 2L * sketch + minSamples) {
            throw LlaException.usage("Hutch++ needs a sketch k ≥ 1, at least 2 remainder samples and 2k + "
                    + "samples ≤ the product budget; got k " + sketch + ", min samples " + minSamples
                    + ", budget " + maxProducts);
        }
        if (!(relativeTolerance >= 0.0) || !Double.isFinite(relativeTolerance)) {
            throw LlaException.usage("trace tolerance must be finite and ≥ 0, got " + relativeTolerance);
        }
        this.space = space;
        this.operator = operator;
        this.sketch = sketch;
        this.minSamples = minSamples;
        this.maxProducts = maxProducts;
        this.relativeTolerance = relativeTolerance;
    }

    /** The sketch that Meyer et al. use for a budget of m products: ⌊m/3⌋, at least 1. */
    public static int defaultSketch(int maxProducts) {
        return Math.max(1, maxProducts / 3);
    }

    /** Estimates the trace; the sketch vectors, then the remainder's probes, are drawn in order from {@code random}. */
    public TraceEstimate estimate(SplittableRandom random) {
        V v = space.zeros();
        V av = space.zeros();
        try (Basis<V> q = space.newBasis(sketch)) {
            int products = 0;
            double deflated = 0.0;
            for (int i = 0; i < sketch; i++) {
                space.fillRademacher(v, random);
                operator.apply(v, av);
                products++;
                double before = space.norm(av);
                double after = q.orthogonalize(av, before);
                if (!(after > DEPENDENT_COLUMN_ROUNDOFFS * space.unitRoundoff() * before)) {
                    requireFinite(before, "sketch product " + (i + 1));
                    continue;
                }
                space.scale(1.0 / after, av);
                q.append(av);
                operator.apply(av, v);
                products++;
                deflated += requireFinite(space.dot(av, v), "sketch product " + (i + 1));
            }
            return remainder(q, v, av, random, products, deflated);
        } finally {
            space.release(v);
            space.release(av);
        }
    }

    /** Hutchinson on {@code (I − QQᵀ) A (I − QQᵀ)}, with Welford's running mean as in {@link HutchinsonTrace}. */
    private TraceEstimate remainder(Basis<V> q, V p, V ap, SplittableRandom random, int sketchProducts,
            double deflated) {
        double[] values = new double[maxProducts - sketchProducts];
        double mean = 0.0;
        double squaredDeviations = 0.0;
        int n = 0;
        while (n < values.length) {
            space.fillRademacher(p, random);
            q.orthogonalize(p);
            operator.apply(p, ap);
            double sample = requireFinite(space.dot(p, ap), "trace sample " + (n + 1));
            values[n++] = sample;
            double delta = sample - mean;
            mean += delta / n;
            squaredDeviations += delta * (sample - mean);
            if (n >= minSamples
                    && standardError(squaredDeviations, n) <= relativeTolerance * Math.abs(deflated + mean)) {
                break;
            }
        }
        return new TraceEstimate(deflated + mean, standardError(squaredDeviations, n), sketchProducts + n,
                Arrays.copyOf(values, n), q.size(), deflated);
    }

    private static double requireFinite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw LlaException.numerical(what + " is " + value + ": the operator returned non-finite values");
        }
        return value;
    }

    /** {@code s/√n} with {@code s² = squaredDeviations/(n − 1)}; NaN for n < 2. */
    private static double standardError(double squaredDeviations, int n) {
        return n < 2 ? Double.NaN : Math.sqrt(squaredDeviations / (n - 1) / n);
    }
}
