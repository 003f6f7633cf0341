package dev.lla.core.stats;

/**
 * A correlation coefficient over paired observations, or the reason it is undefined.
 *
 * @param value the coefficient in [−1, 1]; {@code NaN} (written as JSON null) when undefined
 * @param n the number of pairs it was computed from
 * @param undefined why there is no value (fewer than three pairs, a non-finite value, a constant
 *     variable); {@code null} when {@code value} is defined
 */
public record Correlation(double value, int n, String undefined) {

    /** Fewer pairs than this give no correlation: two points always lie on a line. */
    public static final int MIN_PAIRS = 3;

    static Correlation of(double value, int n) {
        // Rounding can push |r| a hair above 1 for exactly collinear data.
        return new Correlation(Math.max(-1, Math.min(1, value)), n, null);
    }

    static Correlation undefined(int n, String reason) {
        return new Correlation(Double.NaN, n, reason);
    }

    public boolean defined() {
        return undefined == null;
    }
}
