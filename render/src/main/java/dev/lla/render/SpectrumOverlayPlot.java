package dev.lla.render;

import dev.lla.core.spectrum.Density;
import java.awt.Color;
import java.util.List;
import java.util.Locale;

/**
 * Several spectral densities in one chart (H, G and NME of one model and batch), each on its own
 * eigenvalue grid, with its largest eigenvalue as a dashed line in the same colour. Each curve is
 * drawn thinner than the one before it, so that a curve hidden under a later one still shows.
 */
public final class SpectrumOverlayPlot {

    /** One curve: its legend name, its density, and its largest eigenvalue (NaN: no marker). */
    public record Curve(String name, Density density, double topEigenvalue) {}

    private static final Color[] COLORS = {
        new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189)
    };

    private SpectrumOverlayPlot() {}

    /** Renders the curves as PNG bytes. */
    public static byte[] png(String title, List<Curve> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one density");
        }
        double peak = SpectrumChart.FLOOR;
        double extent = 0;
        for (Curve c : curves) {
            peak = Math.max(peak, SpectrumChart.peak(c.density().values()));
            extent = Math.max(extent, SpectrumChart.extent(c.density().grid()));
        }
        SpectrumChart chart = new SpectrumChart(title, peak, extent);
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            Color color = COLORS[i % COLORS.length];
            // Wider first curves stay visible where later ones coincide with them (H and G often do).
            chart.density(c.name(), c.density().grid(), c.density().values(), color, Math.max(1.2f, 2.8f - 1.2f * i));
            if (Double.isFinite(c.topEigenvalue())) {
                chart.eigenvalue(String.format(Locale.ROOT, "%s λ1 = %.4g", c.name(), c.topEigenvalue()),
                        c.topEigenvalue(), color, 1.2f, 6f);
            }
        }
        return chart.png("spectrum overlay");
    }
}
