package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.lla.core.LlaException;
import dev.lla.core.TestData;
import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.NpzWriter;
import dev.lla.core.landscape.AdamAxes;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.Directions;
import dev.lla.core.landscape.Grid;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adam axes from a moments file in {@code lla train}'s format (5 torch.optim.Adam steps from the
 * initial MLP): the directions are the file's arrays, the grids match a float64 reference, and
 * files that do not fit the model are one-line input errors.
 */
class AdamAxesTest {

    @TempDir Path temp;

    private static TorchScriptModel initialMlp() {
        return TorchScriptModel.load(TestData.path("models/mlp8x8-init.pt"), Device.cpu());
    }

    @Test
    void unnormalizedDirectionsAreTheMomentsAsInTheFile() {
        try (TorchScriptModel model = initialMlp()) {
            FlatParameterSpace space = (FlatParameterSpace) model.parameterSpace();
            AdamAxes.Moments moments = AdamAxes.read(AxesFixtures.moments(), model.parameters());
            assertEquals(5L, moments.step());
            FlatVector w0 = space.zeros();
            model.readWeights(w0);
            Directions<FlatVector> d = AdamAxes.linear(model, moments, w0,
                    AxesFixtures.config(2, 2, DirectionNormalization.NONE));
            double[] m1 = AxesFixtures.flat(AxesFixtures.moments(), "exp_avg/", model.parameters());
            double[] m2 = AxesFixtures.flat(AxesFixtures.moments(), "exp_avg_sq/", model.parameters());
            assertArrayEquals(m1, toDouble(space.toHost(d.d1())), 0);
            assertArrayEquals(m2, toDouble(space.toHost(d.d2())), 0);
            d.release(space);
            space.release(w0);
        }
    }

    /** Filter-normalized moments (not orthogonalized), and the raw ones: the grid of the float64 reference. */
    @ParameterizedTest
    @ValueSource(strings = {"filter", "none"})
    void gridMatchesFloat64Reference(String scheme) {
        LandscapeConfig config = AxesFixtures.config(2, 2, DirectionNormalization.valueOf(scheme.toUpperCase()));
        try (TorchScriptModel model = initialMlp()) {
            AdamAxes.Moments moments = AdamAxes.read(AxesFixtures.moments(), model.parameters());
            LandscapeResult r = new LandscapeJob(config, ProgressListener.NONE).run(model, AxesFixtures.batch(),
                    w0 -> AdamAxes.linear(model, moments, w0, config));
            AxesFixtures.assertGrid(AxesFixtures.golden().get("adam").get("grids").get(scheme), r.loss(), 1e-5, scheme);
        }
    }

    @Test
    void adameqGridMatchesFloat64ReferenceAndExplodes() {
        LandscapeConfig config = AxesFixtures.config(2, 4, DirectionNormalization.NONE);
        Grid grid = Grid.of(Grid.Coordinates.ADAMEQ, config);
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5}, grid.x(), 0);
        assertArrayEquals(new double[] {0.1, 0.6, 1.1, 1.6}, grid.y(), 1e-15);
        try (TorchScriptModel model = initialMlp()) {
            AdamAxes.Moments moments = AdamAxes.read(AxesFixtures.moments(), model.parameters());
            LandscapeResult r = new LandscapeJob(config, ProgressListener.NONE).run(model, AxesFixtures.batch(),
                    w0 -> AdamAxes.adameq(model, moments), grid);
            AxesFixtures.assertGrid(AxesFixtures.golden().get("adameq").get("grid"), r.loss(), 1e-4, "adameq");
            // a = 0 is w0 itself; the origin is evaluated on its own and the explosion is relative to it.
            for (double loss : r.loss()[2]) {
                assertEquals(r.originLoss(), loss, 0);
            }
            assertTrue(r.explosion().detected());
            assertEquals(r.loss()[0][0] / r.originLoss(), r.explosion().maxRatio(), 1e-9 * r.explosion().maxRatio());
        }
    }

    /** A point's weights are w0 + (a/√b)·m1/(√m2 + 1e-6), computed here in double on the host. */
    @Test
    void adameqPointWeightsFollowLlasFormula() {
        LandscapeConfig config = AxesFixtures.config(2, 4, DirectionNormalization.NONE);
        Grid grid = Grid.of(Grid.Coordinates.ADAMEQ, config);
        int i = 0;
        int j = 1;
        try (TorchScriptModel model = initialMlp()) {
            FlatParameterSpace space = (FlatParameterSpace) model.parameterSpace();
            FlatVector original = space.zeros();
            model.readWeights(original);
            float[] w0 = space.toHost(original);
            space.release(original);
            WeightsRecorder recorder = new WeightsRecorder(model, i * grid.y().length + j);
            AdamAxes.Moments moments = AdamAxes.read(AxesFixtures.moments(), model.parameters());
            new LandscapeJob(config, ProgressListener.NONE).run(recorder, AxesFixtures.batch(),
                    w -> AdamAxes.adameq(recorder, moments), grid);
            double[] m1 = AxesFixtures.flat(AxesFixtures.moments(), "exp_avg/", model.parameters());
            double[] m2 = AxesFixtures.flat(AxesFixtures.moments(), "exp_avg_sq/", model.parameters());
            double k = -1 / Math.sqrt(0.6);
            float[] actual = recorder.recorded();
            for (int n = 0; n < w0.length; n++) {
                double step = k * m1[n] / (Math.sqrt(m2[n]) + 1e-6);
                double expected = w0[n] + step;
                assertEquals(expected, actual[n], 4e-7 * (Math.abs(w0[n]) + Math.abs(step)) + 1e-12, "weight " + n);
            }
        }
    }

    @Test
    void momentsThatDoNotFitTheModelAreOneLineInputErrors() throws IOException {
        try (TorchScriptModel model = initialMlp()) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>(NpzReader.readAll(AxesFixtures.moments()));
            Map<String, NpyArray> missing = new LinkedHashMap<>(arrays);
            missing.remove("exp_avg_sq/fc2.bias");
            assertInputError(model, missing, "no array 'exp_avg_sq/fc2.bias'", "fc2.bias");

            Map<String, NpyArray> reshaped = new LinkedHashMap<>(arrays);
            reshaped.put("exp_avg/fc1.weight", NpzWriter.float32(new int[] {64, 32}, new float[2048]));
            assertInputError(model, reshaped, "'exp_avg/fc1.weight' has shape [64, 32]", "[32, 64]");

            Map<String, NpyArray> negative = new LinkedHashMap<>(arrays);
            float[] values = new float[10];
            values[3] = -1e-9f;
            negative.put("exp_avg_sq/fc2.bias", NpzWriter.float32(new int[] {10}, values));
            assertInputError(model, negative, "negative");

            Map<String, NpyArray> extra = new LinkedHashMap<>(arrays);
            extra.put("exp_avg/fc3.weight", NpzWriter.float32(new int[] {1}, new float[1]));
            assertInputError(model, extra, "'exp_avg/fc3.weight' names no parameter");

            assertInputError(model, Map.of("x", NpzWriter.int64(1)), "no Adam moments");
        }
    }

    private void assertInputError(TorchScriptModel model, Map<String, NpyArray> arrays, String... fragments)
            throws IOException {
        Path file = temp.resolve("bad.adam.npz");
        Files.write(file, NpzWriter.toBytes(arrays));
        LlaException e = assertThrows(LlaException.class, () -> AdamAxes.read(file, model.parameters()));
        assertEquals(LlaException.Kind.INPUT, e.kind(), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
