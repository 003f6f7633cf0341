package dev.lla.render;

import dev.lla.core.spectrum.Density;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Hessian eigenvalue spectral density on a log scale, with the largest and the most negative
 * eigenvalues marked by vertical lines.
 */
public final class SpectrumPlot {

    private static final Color DENSITY = new Color(31, 119, 180);
    private static final Color TOP = new Color(214, 39, 40);
    private static final Color MIN = new Color(44, 160, 44);

    private SpectrumPlot() {}

    /** Renders the chart as PNG bytes. {@code topEigenvalues} descending; NaN values are skipped. */
    public static byte[] png(String title, Density density, double[] topEigenvalues, double minEigenvalue) {
        SpectrumChart chart = new SpectrumChart(title, SpectrumChart.peak(density.values()),
                SpectrumChart.extent(density.grid()));
        chart.density("density", density.grid(), density.values(), DENSITY, 1.6f);
        for (int i = 0; i < topEigenvalues.length; i++) {
            if (Double.isFinite(topEigenvalues[i])) {
                // Longer dashes for lower ranks tell the lines apart where they lie close together.
                chart.eigenvalue(String.format(Locale.ROOT, "λ%d = %.4g", i + 1, topEigenvalues[i]),
                        topEigenvalues[i], TOP, 1.4f, 6f + 3f * i);
            }
        }
        if (Double.isFinite(minEigenvalue)) {
            chart.eigenvalue(String.format(Locale.ROOT, "λmin = %.4g", minEigenvalue), minEigenvalue, MIN, 1.4f, 6f);
        }
        return chart.png("spectrum");
    }

    /** Writes the chart to {@code target} atomically. */
    public static void write(Path target, String title, Density density, double[] top, double min) {
        AtomicFiles.write(target, png(title, density, top, min));
    }
}
