package dev.lla.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lla.core.LlaException;
import dev.lla.core.spectrum.ArrayVectorSpace;
import org.junit.jupiter.api.Test;

/** Adam and SGD on double[] against closed forms and hand computations. */
class OptimizerTest {

    private static final ArrayVectorSpace SPACE = new ArrayVectorSpace(3);
    private static final ArrayElementwiseOps OPS = new ArrayElementwiseOps();

    private static OptimizerSettings adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
        return new OptimizerSettings(OptimizerSettings.Kind.ADAM, lr, beta1, beta2, eps, weightDecay, 0);
    }

    private static OptimizerSettings sgd(double lr, double momentum, double weightDecay) {
        return new OptimizerSettings(OptimizerSettings.Kind.SGD, lr, 0.9, 0.999, 1e-8, weightDecay, momentum);
    }

    /**
     * With a constant gradient g the bias-corrected moments are g and g², so every step moves each
     * weight by exactly lr·g/(|g| + ε): after t steps w = w0 − t·lr·g/(|g| + ε).
     */
    @Test
    void adamWithAConstantGradientMovesByLrTimesSignPerStep() {
        double[] g = {0.5, -2.0, 1e-3};
        double[] w = {1, 2, 3};
        double lr = 0.01;
        double eps = 1e-8;
        try (Optimizer<double[]> adam = Optimizer.of(adam(lr, 0.9, 0.999, eps, 0), SPACE, OPS)) {
            for (int t = 0; t < 25; t++) {
                adam.step(w, g.clone());
            }
            assertEquals(25, adam.steps());
        }
        double[] w0 = {1, 2, 3};
        for (int i = 0; i < 3; i++) {
            assertEquals(w0[i] - 25 * lr * g[i] / (Math.abs(g[i]) + eps), w[i], 1e-12);
        }
    }

    /** Two steps by hand, with weight decay (added to the gradient, as torch.optim.Adam does). */
    @Test
    void adamTwoStepsByHandWithWeightDecay() {
        double lr = 0.1;
        double b1 = 0.8;
        double b2 = 0.9;
        double eps = 0.01;
        double wd = 0.5;
        double[] w = {2, -1, 0};
        double[] expected = w.clone();
        double[] m = new double[3];
        double[] v = new double[3];
        double[][] grads = {{1, 2, -3}, {-0.5, 0.25, 4}};
        try (Optimizer<double[]> adam = Optimizer.of(adam(lr, b1, b2, eps, wd), SPACE, OPS)) {
            for (int t = 1; t <= 2; t++) {
                for (int i = 0; i < 3; i++) {
                    double g = grads[t - 1][i] + wd * expected[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                    expected[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
                }
                adam.step(w, grads[t - 1].clone());
            }
            OptimizerState state = adam.state();
            assertEquals(2, state.step());
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], w[i], 1e-14);
                assertEquals((float) m[i], state.buffers().get("exp_avg")[i]);
                assertEquals((float) v[i], state.buffers().get("exp_avg_sq")[i]);
            }
        }
    }

    /** A restored state continues exactly where the saved one stopped (moments kept in float32 here). */
    @Test
    void adamRestoredFromItsStateContinuesTheSameWay() {
        double[] g = {0.25, -0.5, 0.125};
        double[] w1 = {1, 1, 1};
        double[] w2;
        OptimizerState saved;
        try (Optimizer<double[]> a = Optimizer.of(adam(0.01, 0.9, 0.999, 1e-8, 0), SPACE, OPS)) {
            a.step(w1, g.clone());
            saved = a.state();
            w2 = w1.clone();
            a.step(w1, g.clone());
        }
        try (Optimizer<double[]> b = Optimizer.of(adam(0.01, 0.9, 0.999, 1e-8, 0), SPACE, OPS)) {
            b.restore(saved);
            b.step(w2, g.clone());
            assertEquals(2, b.steps());
        }
        // the state holds the moments in float32 (as the NPZ files do): equal up to that rounding
        for (int i = 0; i < 3; i++) {
            assertEquals(w1[i], w2[i], 1e-9);
            assertEquals(w1[i] == 1, false, "the second step must move the weights");
        }
    }

    /** Momentum μ with a constant gradient: the buffer after t steps is g(1 + μ + … + μ^(t−1)). */
    @Test
    void sgdWithMomentumSumsAGeometricSeries() {
        double lr = 0.1;
        double mu = 0.5;
        double[] g = {1, -2, 4};
        double[] w = {0, 0, 0};
        try (Optimizer<double[]> sgd = Optimizer.of(sgd(lr, mu, 0), SPACE, OPS)) {
            for (int t = 0; t < 3; t++) {
                sgd.step(w, g.clone());
            }
        }
        // buffers 1, 1.5, 1.75 (times g): w = −lr·4.25·g
        for (int i = 0; i < 3; i++) {
            assertEquals(-lr * 4.25 * g[i], w[i], 1e-15);
        }
    }

    @Test
    void plainSgdWithWeightDecay() {
        double[] w = {1, 2, 3};
        try (Optimizer<double[]> sgd = Optimizer.of(sgd(0.5, 0, 0.1), SPACE, OPS)) {
            sgd.step(w, new double[] {1, 1, 1});
        }
        assertEquals(1 - 0.5 * (1 + 0.1), w[0], 1e-15);
        assertEquals(2 - 0.5 * (1 + 0.2), w[1], 1e-15);
        assertEquals(3 - 0.5 * (1 + 0.3), w[2], 1e-15);
    }

    @Test
    void settingsOutOfRangeAreUsageErrors() {
        LlaException e = assertThrows(LlaException.class, () -> adam(0, 0.9, 0.999, 1e-8, 0));
        assertEquals(LlaException.Kind.USAGE, e.kind());
        assertThrows(LlaException.class, () -> adam(0.1, 1, 0.999, 1e-8, 0));
        assertThrows(LlaException.class, () -> adam(0.1, 0.9, -0.1, 1e-8, 0));
        assertThrows(LlaException.class, () -> adam(0.1, 0.9, 0.999, 0, 0));
        assertThrows(LlaException.class, () -> adam(0.1, 0.9, 0.999, 1e-8, -1));
        assertThrows(LlaException.class, () -> sgd(0.1, 1, 0));
    }

    @Test
    void restoringTheWrongKindOfStateIsAnInputError() {
        OptimizerState sgdState;
        try (Optimizer<double[]> sgd = Optimizer.of(sgd(0.1, 0.9, 0), SPACE, OPS)) {
            sgd.step(new double[3], new double[] {1, 1, 1});
            sgdState = sgd.state();
        }
        try (Optimizer<double[]> adam = Optimizer.of(adam(0.1, 0.9, 0.999, 1e-8, 0), SPACE, OPS)) {
            LlaException e = assertThrows(LlaException.class, () -> adam.restore(sgdState));
            assertEquals(LlaException.Kind.INPUT, e.kind());
        }
    }
}
