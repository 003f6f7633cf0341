package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.lla.core.TestData;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one-pass vector operations of issue 14 (axpy as {@code add_(x, alpha)}, a landscape point
 * written straight into the parameters) compute what the two-rounding forms computed, to float32
 * rounding: each entry within 1e-6 of the exact value relative to the largest entry, checked
 * against float64 on the host.
 */
class FusedVectorOpsTest {

    private static final double RELATIVE = 1e-6;

    @Test
    void axpyIsYPlusAXToFloatRounding() {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            FlatParameterSpace space = (FlatParameterSpace) model.parameterSpace();
            float[] x = random(space.dimension(), 1);
            float[] y = random(space.dimension(), 2);
            FlatVector vx = space.fromHost(x);
            FlatVector vy = space.fromHost(y);
            double a = -0.37251;
            space.axpy(a, vx, vy);
            float[] got = space.toHost(vy);
            double[] want = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                want[i] = y[i] + a * x[i];
            }
            assertClose(want, got);
            space.release(vx);
            space.release(vy);
        }
    }

    @Test
    void pointWriteSetsTheParametersToBasePlusADirection() {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            FlatParameterSpace space = (FlatParameterSpace) model.parameterSpace();
            float[] base = random(space.dimension(), 3);
            float[] direction = random(space.dimension(), 4);
            FlatVector vb = space.fromHost(base);
            FlatVector vd = space.fromHost(direction);
            FlatVector read = space.zeros();
            double a = 1.625e-2;
            model.writeWeights(vb, a, vd);
            model.readWeights(read);
            float[] got = space.toHost(read);
            double[] want = new double[base.length];
            for (int i = 0; i < base.length; i++) {
                want[i] = base[i] + a * direction[i];
            }
            assertClose(want, got);
            // The inputs are read, not written.
            assertEquals(base[7], space.toHost(vb)[7], 0.0);
            assertEquals(direction[7], space.toHost(vd)[7], 0.0);
            space.release(vb);
            space.release(vd);
            space.release(read);
        }
    }

    private static void assertClose(double[] want, float[] got) {
        double scale = 0;
        for (double w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        assertTrue(worst <= RELATIVE * scale, "largest error " + worst + " against entries up to " + scale);
        assertTrue(worst > 0 || want.length < 100, "float32 results cannot all be exact: the check ran on nothing");
    }

    private static float[] random(long n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
