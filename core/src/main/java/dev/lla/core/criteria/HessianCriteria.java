package dev.lla.core.criteria;

import dev.lla.core.LlaException;
import dev.lla.core.model.Curvature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generalization criteria of Gabdullin (2024, Section 3) and LLA's {@code hessian_criteria},
 * computed per SLQ run from its Gauss quadrature nodes θ_k and weights τ_k:
 *
 * <ul>
 *   <li>{@code re = |min θ / max θ|};
 *   <li>{@code KH_n = Σ_{θ<0} (|θ| τ)^n / Σ_{θ>0} (θ τ)^n}, the exponent applied to each product
 *       before summing;
 *   <li>{@code Ct = min θ / max θ} and the spectrum type of LLA 2025 (arXiv 2504.17618): "mainly
 *       positive" when Ct ≥ −0.6.
 * </ul>
 *
 * <p>LLA has no guards; here a run without positive nodes leaves {@code re}, every {@code KH_n}
 * and {@code Ct} undefined, with the reason, and a run without negative nodes has {@code KH_n = 0}.
 */
public final class HessianCriteria {

    /** Ct at or above this is a "mainly positive" spectrum. */
    public static final double MAINLY_POSITIVE_CT = -0.6;

    static final String MAINLY_POSITIVE = "mainly positive";
    static final String MAINLY_NEGATIVE = "mainly negative";

    private HessianCriteria() {}

    /** The name of {@code KH_n} in tables and JSON: {@code KH0.5}, {@code KH1}. */
    public static String khName(double n) {
        return "KH" + formatN(n);
    }

    /** {@code n} as written in option values and JSON keys: {@code 0.5}, {@code 1}. */
    public static String formatN(double n) {
        return n == Math.rint(n) ? String.valueOf((long) n) : String.valueOf(n);
    }

    /** Checks {@code --kh-n} values: each finite and positive. */
    public static void requireValidExponents(List<Double> exponents) {
        if (exponents.isEmpty()) {
            throw LlaException.usage("--kh-n needs at least one exponent, e.g. 0.5,1");
        }
        for (double n : exponents) {
            if (!(n > 0) || !Double.isFinite(n)) {
                throw LlaException.usage("--kh-n " + n + ": every exponent must be a positive number");
            }
        }
    }

    /** Why the negative-side criteria of a Gauss-Newton spectrum are not reported. */
    public static final String GAUSS_NEWTON_REASON =
            "G is positive semi-definite: its negative nodes are float32 rounding, so the negative side is empty";

    /**
     * The criteria of one run of {@code curvature}'s spectrum. For the Gauss-Newton matrix every
     * criterion that compares the negative side with the positive one ({@code re}, {@code Ct},
     * {@code KH_n}) is trivially 0 up to rounding; they are reported undefined with that reason.
     */
    public static RunCriteria of(Integer batch, int run, double[] nodes, double[] weights, List<Double> exponents,
            Curvature curvature) {
        RunCriteria criteria = of(batch, run, nodes, weights, exponents);
        if (curvature != Curvature.GAUSS_NEWTON) {
            return criteria;
        }
        Map<String, String> undefined = new LinkedHashMap<>(criteria.undefined());
        Map<String, Double> kh = new LinkedHashMap<>();
        undefined.putIfAbsent("re", GAUSS_NEWTON_REASON);
        undefined.putIfAbsent("Ct", GAUSS_NEWTON_REASON);
        for (double n : exponents) {
            kh.put(formatN(n), Double.NaN);
            undefined.putIfAbsent(khName(n), GAUSS_NEWTON_REASON);
        }
        return new RunCriteria(batch, run, Double.NaN, kh, Double.NaN, null, undefined);
    }

    /** The criteria of one run. */
    public static RunCriteria of(Integer batch, int run, double[] nodes, double[] weights, List<Double> exponents) {
        if (nodes.length != weights.length || nodes.length == 0) {
            throw new IllegalArgumentException("need as many weights as nodes, at least one");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean anyPositive = false;
        boolean anyNegative = false;
        for (double theta : nodes) {
            min = Math.min(min, theta);
            max = Math.max(max, theta);
            anyPositive |= theta > 0;
            anyNegative |= theta < 0;
        }
        Map<String, String> undefined = new LinkedHashMap<>();
        Map<String, Double> kh = new LinkedHashMap<>();
        if (!anyPositive) {
            String reason = "no positive quadrature node (max θ = " + max + ")";
            undefined.put("re", reason);
            undefined.put("Ct", reason);
            for (double n : exponents) {
                kh.put(formatN(n), Double.NaN);
                undefined.put(khName(n), reason);
            }
            return new RunCriteria(batch, run, Double.NaN, kh, Double.NaN, null, undefined);
        }
        for (double n : exponents) {
            kh.put(formatN(n), anyNegative ? kh(nodes, weights, n) : 0.0);
        }
        double ct = min / max;
        String type = ct >= MAINLY_POSITIVE_CT ? MAINLY_POSITIVE : MAINLY_NEGATIVE;
        return new RunCriteria(batch, run, Math.abs(ct), kh, ct, type, undefined);
    }

    private static double kh(double[] nodes, double[] weights, double n) {
        double negative = 0;
        double positive = 0;
        for (int k = 0; k < nodes.length; k++) {
            double mass = Math.abs(nodes[k]) * weights[k];
            if (nodes[k] < 0) {
                negative += Math.pow(mass, n);
            } else if (nodes[k] > 0) {
                positive += Math.pow(mass, n);
            }
        }
        return negative / positive;
    }
}
