package dev.lla.core.hesd;

import java.util.List;

/**
 * A finished analysis: its numbers, and what this run spent on them (a resumed run spends less
 * for the same numbers), and the Ritz vectors when they were asked for (else empty).
 */
public record HesdRun(HesdResult result, Cost cost, List<Eigenvector> eigenvectors) {

    public HesdRun {
        eigenvectors = List.copyOf(eigenvectors);
    }

    /** A run that kept no eigenvectors. */
    public HesdRun(HesdResult result, Cost cost) {
        this(result, cost, List.of());
    }

    /** Hessian-vector products this run took, the seconds inside them, and its wall time. */
    /** This run with {@code total} as its cost (e.g. the products of every device of the run). */
    public HesdRun withCost(Cost total) {
        return new HesdRun(result, total, eigenvectors);
    }

    public record Cost(long hvps, double hvpSeconds, double wallSeconds) {}
}
