package dev.lla.cli;

import dev.lla.core.data.NpyWriter;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.render.ContourPlot;
import dev.lla.render.CurvePlot;
import dev.lla.render.HeatmapPlot;
import dev.lla.render.SurfacePlot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files drawn from a landscape, the same for a whole run and for merged shards: PNGs (2D: a 3D
 * surface, a filled contour and a heatmap of the loss; 1D: loss and accuracy curves) and, when
 * asked, the grids as {@code .npy}.
 */
final class LandscapePictures {

    private LandscapePictures() {}

    /** The title and the axes' labels (the second null in 1D). */
    record Labels(String title, String x, String y) {}

    /** File name → PNG bytes. */
    static Map<String, byte[]> pngs(Labels labels, LandscapeResult r, Double lossCap) {
        String title = labels.title();
        Map<String, byte[]> pictures = new LinkedHashMap<>();
        if (r.dims() == 1) {
            pictures.put("landscape.png", CurvePlot.png(title, labels.x(), r.x(), column(r.loss()),
                    column(r.accuracy()), lossCap));
            return pictures;
        }
        pictures.put("landscape-surface.png",
                SurfacePlot.png(title, labels.x(), labels.y(), "loss", r.x(), r.y(), r.loss(), lossCap));
        pictures.put("landscape-contour.png",
                ContourPlot.png(title, labels.x(), labels.y(), "loss", r.x(), r.y(), r.loss(), lossCap));
        pictures.put("landscape-heatmap.png",
                HeatmapPlot.png(title, labels.x(), labels.y(), "loss", r.x(), r.y(), r.loss(), lossCap));
        return pictures;
    }

    /**
     * {@code loss.npy}, {@code accuracy.npy} ({@code [x][y]} in 2D, flat in 1D), {@code x.npy} and
     * in 2D {@code y.npy}, float64; non-finite losses are NaN, as the grid holds them.
     */
    static Map<String, byte[]> npy(LandscapeResult r) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        boolean surface = r.dims() == 2;
        files.put("loss.npy", surface ? NpyWriter.float64(r.loss()) : NpyWriter.float64(column(r.loss())));
        files.put("accuracy.npy", surface ? NpyWriter.float64(r.accuracy()) : NpyWriter.float64(column(r.accuracy())));
        files.put("x.npy", NpyWriter.float64(r.x()));
        if (surface) {
            files.put("y.npy", NpyWriter.float64(r.y()));
        }
        return files;
    }

    static double[] column(double[][] grid) {
        double[] flat = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            flat[i] = grid[i][0];
        }
        return flat;
    }
}
