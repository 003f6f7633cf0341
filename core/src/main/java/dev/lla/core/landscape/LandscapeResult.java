package dev.lla.core.landscape;

/**
 * A loss landscape: {@code loss[i][j]} and {@code accuracy[i][j]} at {@code w0 + x[i]·d1 + y[j]·d2}.
 * In 1D, {@code y} is {@code {0}} and each row has one entry. Non-finite losses are kept as NaN.
 *
 * @param dims 1 or 2
 * @param x coordinates along d1
 * @param y coordinates along d2
 * @param loss sample-weighted mean loss over the batches at each point
 * @param accuracy fraction of samples predicted correctly at each point
 * @param originLoss loss at the original weights
 * @param originAccuracy accuracy at the original weights
 * @param explosion value-explosion statistics
 * @param norm1 ‖d1‖₂ after normalization
 * @param norm2 ‖d2‖₂ after normalization (NaN in 1D)
 * @param cosine cos∠(d1, d2) after normalization (NaN in 1D)
 * @param samples samples evaluated per point
 */
public record LandscapeResult(
        int dims,
        double[] x,
        double[] y,
        double[][] loss,
        double[][] accuracy,
        double originLoss,
        double originAccuracy,
        Explosion explosion,
        double norm1,
        double norm2,
        double cosine,
        long samples) {}
