package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.landscape.TensorwiseOps;
import dev.lla.core.model.ModelMode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The landscape grid of the trained 8×8-digit MLP against an independent float64 evaluation
 * ({@code scripts/make_landscape_testdata.py}): the same raw directions, orthogonalized and
 * normalized by every scheme, give the same losses within 1e-4 relative at all 3×3 points.
 */
class LandscapeGoldenTest {

    @ParameterizedTest
    @CsvSource({"none,2", "weight,2", "filter,2", "filter,1", "layer,2", "layer,1", "model,2", "model,1"})
    void gridMatchesFloat64Reference(String scheme, int p) throws IOException {
        JsonNode golden = new ObjectMapper().readTree(TestData.path("golden/mlp8x8-landscape.json").toFile()).get("grids")
                .get(scheme + "-p" + p);
        float[] raw1 = NpzReader.read(TestData.path("golden/mlp8x8-landscape-directions.npz"), "d1").toFloatArray();
        float[] raw2 = NpzReader.read(TestData.path("golden/mlp8x8-landscape-directions.npz"), "d2").toFloatArray();
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        List<Batch> batches = List.of(digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0));
        LandscapeConfig config = new LandscapeConfig(2, 2, 1, RandomDistribution.GAUSSIAN,
                DirectionNormalization.valueOf(scheme.toUpperCase(Locale.ROOT)), p, false, 1000, 0, ModelMode.EVAL);
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            FlatParameterSpace space = (FlatParameterSpace) model.parameterSpace();
            TensorwiseOps<FlatVector> ops = model.tensorwise();
            LandscapeResult r = new LandscapeJob(config, dev.lla.core.progress.ProgressListener.NONE).run(model, batches,
                    w0 -> Directions.prepare(space, ops, w0, space.fromHost(raw1), space.fromHost(raw2), config));
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double expected = golden.get(i).get(j).asDouble();
                    assertEquals(expected, r.loss()[i][j], 1e-4 * expected, scheme + " p=" + p + " point " + i + "," + j);
                }
            }
        }
    }
}
