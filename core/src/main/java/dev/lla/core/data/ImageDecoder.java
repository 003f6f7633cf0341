package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes a PNG or JPEG file with the JDK's {@link ImageIO}. The only class of core that sees
 * {@code java.awt} (the image types ImageIO decodes into); the layering test allows it here alone.
 *
 * <p>An image becomes {@code [C, H, W]} floats in {@code [0, 1]}: grayscale images (8-bit ÷255,
 * 16-bit ÷65535, any alpha dropped) give {@code C = 1}; every other image (RGB, palette, RGBA)
 * gives {@code C = 3} in R, G, B order, its 8-bit sRGB values ÷255, the alpha channel dropped.
 */
final class ImageDecoder {

    private ImageDecoder() {}

    /**
     * Decodes {@code file} to {@code [C, H, W]} floats in {@code [0, 1]}, see the class comment.
     *
     * @return the pixels; {@code shape} receives {@code C, H, W}
     * @throws LlaException (input) naming the file if it cannot be read or decoded
     */
    static float[] decode(Path file, int[] shape) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw LlaException.input(file + ": cannot decode the image ("
                    + ReadFailure.oneLine(e.getMessage()) + ")", e);
        }
        if (image == null) {
            throw LlaException.input(file + ": cannot decode the image; expected a PNG or JPEG");
        }
        int h = image.getHeight();
        int w = image.getWidth();
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        boolean gray = !(model instanceof IndexColorModel)
                && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        float[] out;
        if (gray) {
            // The raster's values: getRGB would pass them through a gamma conversion.
            double max = (1L << model.getComponentSize(0)) - 1;
            out = new float[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (float) (raster.getSample(x, y, 0) / max);
                }
            }
            shape[0] = 1;
        } else {
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            int plane = h * w;
            out = new float[3 * plane];
            for (int j = 0; j < plane; j++) {
                int p = argb[j];
                out[j] = ((p >>> 16) & 0xff) / 255f;
                out[plane + j] = ((p >>> 8) & 0xff) / 255f;
                out[2 * plane + j] = (p & 0xff) / 255f;
            }
            shape[0] = 3;
        }
        shape[1] = h;
        shape[2] = w;
        return out;
    }

}
