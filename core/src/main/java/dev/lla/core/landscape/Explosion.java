package dev.lla.core.landscape;

/**
 * "Value explosion" (the paper's section 2.3): grid losses orders of magnitude above the origin's,
 * or not finite. A point explodes when its loss is not finite or exceeds {@code factor} × the
 * origin's loss.
 *
 * @param detected whether any point exploded
 * @param fraction exploded points over all points
 * @param maxRatio largest finite loss over the origin's loss (NaN when no loss is finite)
 * @param nonFinite points whose loss is NaN or infinite
 * @param factor the threshold used
 */
public record Explosion(boolean detected, double fraction, double maxRatio, int nonFinite, double factor) {

    /** Explosion statistics of {@code losses} (every grid point) against {@code originLoss}. */
    public static Explosion of(double[][] losses, double originLoss, double factor) {
        int points = 0;
        int exploded = 0;
        int nonFinite = 0;
        double maxRatio = Double.NaN;
        for (double[] row : losses) {
            for (double loss : row) {
                points++;
                if (!Double.isFinite(loss)) {
                    nonFinite++;
                    exploded++;
                    continue;
                }
                double ratio = loss / originLoss;
                maxRatio = Double.isNaN(maxRatio) ? ratio : Math.max(maxRatio, ratio);
                if (loss > factor * originLoss) {
                    exploded++;
                }
            }
        }
        return new Explosion(exploded > 0, (double) exploded / points, maxRatio, nonFinite, factor);
    }
}
