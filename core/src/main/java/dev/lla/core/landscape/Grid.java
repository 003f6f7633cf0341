package dev.lla.core.landscape;

import java.util.Locale;

/**
 * Where a landscape's points lie and how each point's weights follow from {@code w0} and the
 * directions: {@code w(i, j) = w0 + c1(i, j)·d1 + c2(i, j)·d2} (1D: {@code y = {0}}, no d2).
 *
 * @param coordinates the convention of {@link #x} and {@link #y}
 * @param x first coordinate of the points
 * @param y second coordinate of the points ({@code {0}} in 1D)
 */
public record Grid(Coordinates coordinates, double[] x, double[] y) {

    /** The coordinate conventions (METHODS.md, "Loss landscape"). */
    public enum Coordinates {
        /** {@code α_i = (i − S/2)·dist/S}, i = 0..S: the original weights at the centre. */
        CENTRED,
        /**
         * {@code α_i = i·dist/S}, i = 0..S: from the model ({@code α = 0}) towards other
         * checkpoints ({@code α = 1} with {@code dist} 1).
         */
        FROM_ORIGIN,
        /**
         * LLA's adameq mode: {@code x = a_i = −1 + 2i/S}, {@code y = b_j = 0.1 + 2j/S}, i, j =
         * 0..S−1, and {@code w = w0 + (a_i/√b_j)·d1}, with d1 the Adam update direction.
         */
        ADAMEQ;

        /** The name as written in the JSON, e.g. {@code from-origin}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The grid of {@code coordinates} with {@code config}'s steps, width and dimensions. */
    public static Grid of(Coordinates coordinates, LandscapeConfig config) {
        int s = config.steps();
        return switch (coordinates) {
            case CENTRED -> linear(coordinates, config.axis(), config.dims());
            case FROM_ORIGIN -> {
                double[] axis = new double[s + 1];
                for (int i = 0; i <= s; i++) {
                    axis[i] = i * config.dist() / s;
                }
                yield linear(coordinates, axis, config.dims());
            }
            case ADAMEQ -> {
                double[] a = new double[s];
                double[] b = new double[s];
                for (int i = 0; i < s; i++) {
                    a[i] = -1 + 2.0 * i / s;
                    b[i] = 0.1 + 2.0 * i / s;
                }
                yield new Grid(coordinates, a, b);
            }
        };
    }

    private static Grid linear(Coordinates coordinates, double[] axis, int dims) {
        return new Grid(coordinates, axis, dims == 2 ? axis.clone() : new double[] {0});
    }

    /** The coefficient of d1 at point (i, j). */
    public double c1(int i, int j) {
        return coordinates == Coordinates.ADAMEQ ? x[i] / Math.sqrt(y[j]) : x[i];
    }

    /** The coefficient of d2 at point (i, j); adameq has no d2. */
    public double c2(int i, int j) {
        return coordinates == Coordinates.ADAMEQ ? 0 : y[j];
    }
}
