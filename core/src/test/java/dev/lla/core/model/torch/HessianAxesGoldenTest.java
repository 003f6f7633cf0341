package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.Split;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.Directions;
import dev.lla.core.landscape.HessianAxes;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.model.ModelMode;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hessian axes of the 8×8-digit MLP agree, up to sign, with the eigenvectors of its dense float64
 * Hessian on the same batch ({@code testdata/golden/mlp8x8-dense-hessian-eigvecs.npz}).
 */
class HessianAxesGoldenTest {

    private static final Path EIGENVECTORS = TestData.path("golden/mlp8x8-dense-hessian-eigvecs.npz");

    @ParameterizedTest
    @EnumSource(HessianAxes.Pair.class)
    void axesAreTheDenseEigenvectorsUpToSign(HessianAxes.Pair pair) {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        Batch batch = digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0);
        LandscapeConfig config = new LandscapeConfig(2, 2, 1, RandomDistribution.GAUSSIAN, DirectionNormalization.NONE,
                2, false, 1000, 5, ModelMode.EVAL);
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            FlatParameterSpace space = (FlatParameterSpace) (Object) model.parameterSpace();
            FlatVector w0 = space.zeros();
            model.readWeights(w0);
            Directions<FlatVector> axes = HessianAxes.of(model, batch, pair, w0, config);
            try {
                assertEquals(1.0, Math.abs(cosine(space.toHost(axes.d1()), golden("top1"))), 1e-6, "d1 vs top1");
                String second = pair == HessianAxes.Pair.TOP2 ? "top2" : "min";
                assertEquals(1.0, Math.abs(cosine(space.toHost(axes.d2()), golden(second))), 1e-4, "d2 vs " + second);
            } finally {
                axes.release(space);
                space.release(w0);
            }
        }
    }

    private static double[] golden(String key) {
        return NpzReader.read(EIGENVECTORS, key).toDoubleArray();
    }

    private static double cosine(float[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < b.length; i++) {
            dot += a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
