package dev.lla.render;

/**
 * A landscape grid as the pictures draw it: {@code z[i][j]} at ({@code x[i]}, {@code y[j]}),
 * values above the cap drawn at the cap and non-finite values as holes (NaN). The cap clips the
 * drawing only, like LLA's {@code clip(0, cap)} on losses, which are never negative; values below
 * zero are left as they are so that signed surfaces (a saddle) still draw correctly.
 */
final class LandscapeGrid {

    final double[] x;
    final double[] y;
    /** Drawn values: clipped at the cap, NaN where the input is not finite. */
    final double[][] z;
    final Double cap;
    /** The smallest and largest drawn value; NaN when no value is finite. */
    final double lo;
    final double hi;
    /** Points drawn as holes. */
    final int holes;
    /** Points drawn at the cap (finite values above it and +∞). */
    final int capped;

    private LandscapeGrid(double[] x, double[] y, double[][] z, Double cap, int holes, int capped) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.cap = cap;
        this.holes = holes;
        this.capped = capped;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        this.lo = min <= max ? min : Double.NaN;
        this.hi = min <= max ? max : Double.NaN;
    }

    /**
     * Checks the shapes and copies the values to draw.
     *
     * @param x at least two finite, strictly increasing coordinates
     * @param y the same for the second axis
     * @param z {@code x.length} rows of {@code y.length} values, any of them non-finite
     * @param cap null for none; otherwise a finite value drawn in place of larger ones
     * @throws IllegalArgumentException if a shape or coordinate is wrong
     */
    static LandscapeGrid of(double[] x, double[] y, double[][] z, Double cap) {
        axis("x", x);
        axis("y", y);
        if (z.length != x.length) {
            throw new IllegalArgumentException("z has " + z.length + " rows for " + x.length + " x values");
        }
        if (cap != null && !Double.isFinite(cap)) {
            throw new IllegalArgumentException("the cap must be finite, not " + cap);
        }
        double[][] drawn = new double[x.length][];
        int holes = 0;
        int capped = 0;
        for (int i = 0; i < x.length; i++) {
            if (z[i] == null || z[i].length != y.length) {
                throw new IllegalArgumentException("z[" + i + "] has "
                        + (z[i] == null ? "no" : String.valueOf(z[i].length)) + " values for " + y.length + " y values");
            }
            drawn[i] = new double[y.length];
            for (int j = 0; j < y.length; j++) {
                double v = z[i][j];
                if (cap != null && v > cap) { // +∞ too, as numpy's clip does
                    drawn[i][j] = cap;
                    capped++;
                } else if (Double.isFinite(v)) {
                    drawn[i][j] = v;
                } else {
                    drawn[i][j] = Double.NaN;
                    holes++;
                }
            }
        }
        return new LandscapeGrid(x.clone(), y.clone(), drawn, cap, holes, capped);
    }

    /** Whether any value is finite. */
    boolean hasValues() {
        return !Double.isNaN(lo);
    }

    /** The colour range: the drawn values' range, widened when it is a single value or empty. */
    double[] range() {
        if (!hasValues()) {
            return new double[] {0, 1};
        }
        if (hi > lo) {
            return new double[] {lo, hi};
        }
        double half = lo == 0 ? 0.5 : Math.abs(lo) * 0.05;
        return new double[] {lo - half, hi + half};
    }

    /** The label of the value axis, with the cap when one is set. */
    String valueLabel(String label) {
        return cap == null ? label : label + " (clipped at " + PlotNumbers.of(cap, 4) + ")";
    }

    /** A line for the foot of a picture on holes and capped points, or null when there are none. */
    String footnote() {
        int total = x.length * y.length;
        StringBuilder text = new StringBuilder();
        if (holes > 0) {
            text.append(holes).append(" of ").append(total).append(" points not finite (drawn as holes)");
        }
        if (capped > 0) {
            text.append(text.length() > 0 ? "; " : "").append(capped).append(" of ").append(total)
                    .append(" points above the cap ").append(PlotNumbers.of(cap, 4)).append(" (drawn at it)");
        }
        return text.length() == 0 ? null : text.toString();
    }

    private static void axis(String name, double[] values) {
        if (values.length < 2) {
            throw new IllegalArgumentException(name + " needs at least two coordinates, not " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i]) || (i > 0 && !(values[i] > values[i - 1]))) {
                throw new IllegalArgumentException(name + " must be finite and strictly increasing (at index " + i + ")");
            }
        }
    }
}
