package dev.lla.render;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The survey panel: one small shaded surface per regime of the landscape survey, in a grid of
 * rows × columns (normalizations × mode and axes), each with its own title and colour bar, under a
 * figure title. Each panel scales its own loss axis, so an exploding regime shows as a spike over a
 * flat floor, as in the paper's figures.
 */
public final class SurveyFigure {

    private static final int PANEL_WIDTH = 540;
    private static final int PANEL_HEIGHT = 410;
    private static final int TITLE_HEIGHT = 44;
    private static final double ELEVATION_DEGREES = 30;
    private static final double AZIMUTH_DEGREES = -60;

    /** One panel: its title and the loss grid {@code z[i][j]} at ({@code x[i]}, {@code y[j]}). */
    public record Panel(String title, double[][] z) {}

    private SurveyFigure() {}

    /**
     * The figure as PNG bytes.
     *
     * @param panels row by row, {@code columns} per row
     * @param cap null, or the value drawn in place of larger losses in every panel
     */
    public static byte[] png(String title, double[] x, double[] y, List<Panel> panels, int columns, Double cap) {
        int rows = (panels.size() + columns - 1) / columns;
        int width = columns * PANEL_WIDTH;
        BufferedImage figure = LandscapeCanvas.blank(width, TITLE_HEIGHT + rows * PANEL_HEIGHT);
        Graphics2D g = LandscapeCanvas.graphics(figure);
        try {
            LandscapeCanvas.title(g, title, width);
            for (int k = 0; k < panels.size(); k++) {
                Panel panel = panels.get(k);
                BufferedImage image = SurfacePlot.image(PANEL_WIDTH, PANEL_HEIGHT, ELEVATION_DEGREES, AZIMUTH_DEGREES,
                        panel.title(), "d1", "d2", "loss", x, y, panel.z(), cap);
                g.drawImage(image, (k % columns) * PANEL_WIDTH, TITLE_HEIGHT + (k / columns) * PANEL_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return LandscapeCanvas.encode(figure);
    }
}
