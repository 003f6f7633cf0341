package dev.lla.core.criteria;

import java.util.Map;

/**
 * The Hessian criteria of one SLQ run (one batch, one start vector), from its quadrature nodes
 * θ_k and weights τ_k. A criterion that the run cannot define is {@code NaN} here and its reason
 * is in {@link #undefined()}; it is never a number that only looks like one.
 *
 * @param batch the batch index ({@code null} for the mean Hessian)
 * @param run the run index within the batch
 * @param re {@code |min θ / max θ|}
 * @param kh {@code KH_n} for every n asked for, keyed by n as written ({@code "0.5"}, {@code "1"})
 * @param ct {@code min θ / max θ}, signed
 * @param spectrumType {@code mainly positive} when Ct ≥ −0.6, else {@code mainly negative}; null
 *     when Ct is undefined
 * @param undefined reasons keyed by criterion name ({@code re}, {@code KH0.5}, {@code Ct}, …)
 */
public record RunCriteria(
        Integer batch,
        int run,
        double re,
        Map<String, Double> kh,
        double ct,
        String spectrumType,
        Map<String, String> undefined) {

    public RunCriteria {
        kh = Map.copyOf(kh);
        undefined = Map.copyOf(undefined);
    }
}
