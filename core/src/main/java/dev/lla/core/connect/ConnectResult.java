package dev.lla.core.connect;

import java.util.List;

/**
 * Loss and accuracy along the straight line and the fitted Bezier curve between two models.
 *
 * @param t the evaluation points, from 0 (A) to 1 (B)
 * @param line {@code (1−t)A + tB}
 * @param curve {@code (1−t)²A + 2t(1−t)θ + t²B}
 * @param trainLoss the mean training loss of each epoch of fitting θ (expected over t)
 * @param steps optimizer steps taken
 */
public record ConnectResult(double[] t, PathLoss line, PathLoss curve, List<Double> trainLoss, long steps) {

    /**
     * One path's evaluation.
     *
     * @param loss mean loss at each t
     * @param accuracy accuracy at each t
     * @param barrier {@code max_t L(t) − max(L(0), L(1))}; NaN when a loss is not finite
     * @param argmax the t of the highest loss
     */
    public record PathLoss(double[] loss, double[] accuracy, double barrier, double argmax) {

        /** The barrier and its place from the losses at {@code t}. */
        public static PathLoss of(double[] t, double[] loss, double[] accuracy) {
            int top = 0;
            boolean finite = true;
            for (int i = 0; i < loss.length; i++) {
                finite &= Double.isFinite(loss[i]);
                if (loss[i] > loss[top]) {
                    top = i;
                }
            }
            double ends = Math.max(loss[0], loss[loss.length - 1]);
            return new PathLoss(loss, accuracy, finite ? loss[top] - ends : Double.NaN, t[top]);
        }
    }
}
