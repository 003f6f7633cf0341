package dev.lla.core.model.torch;

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
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.ParameterInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The Adam and model-interpolation fixtures of {@code scripts/make_axes_testdata.py}: the moments
 * after 5 Adam steps from the initial MLP, that checkpoint, and float64 golden grids.
 */
final class AxesFixtures {

    private AxesFixtures() {}

    static Path moments() {
        return TestData.path("golden/mlp8x8-adam5.adam.npz");
    }

    static JsonNode golden() {
        try {
            return new ObjectMapper().readTree(TestData.path("golden/mlp8x8-axes.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden values' batch: the first 256 samples of digits8x8/train.npz. */
    static List<Batch> batch() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        return List.of(digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0));
    }

    static LandscapeConfig config(int dims, int steps, DirectionNormalization normalization) {
        return new LandscapeConfig(dims, steps, 1, RandomDistribution.GAUSSIAN, normalization, 2, false, 1000, 0,
                ModelMode.EVAL);
    }

    /** {@code prefix/<name>} of every parameter, concatenated in parameter order, read independently. */
    static double[] flat(Path npz, String prefix, List<ParameterInfo> parameters) {
        int total = parameters.stream().mapToInt(p -> (int) p.size()).sum();
        double[] out = new double[total];
        int offset = 0;
        for (ParameterInfo p : parameters) {
            double[] values = NpzReader.read(npz, prefix + p.name()).toDoubleArray();
            System.arraycopy(values, 0, out, offset, values.length);
            offset += values.length;
        }
        return out;
    }

    static void assertGrid(JsonNode expected, double[][] actual, double relative, String what) {
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < expected.get(i).size(); j++) {
                double e = expected.get(i).get(j).asDouble();
                org.junit.jupiter.api.Assertions.assertEquals(e, actual[i][j], relative * Math.abs(e),
                        what + " point " + i + "," + j);
            }
        }
    }
}
