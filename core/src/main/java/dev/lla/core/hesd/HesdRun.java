package dev.lla.core.hesd;

/**
 * A finished analysis: its numbers, and what this run spent on them (a resumed run spends less
 * for the same numbers).
 */
public record HesdRun(HesdResult result, Cost cost) {

    /** Hessian-vector products this run took, the seconds inside them, and its wall time. */
    public record Cost(long hvps, double hvpSeconds, double wallSeconds) {}
}
