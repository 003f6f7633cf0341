package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdJob;
import dev.lla.core.hesd.HesdResult;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.Loss;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.VectorSpace;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --operator gauss-newton|nme} on the 8×8-digit MLP against its dense float64 G and H − G
 * ({@code testdata/golden/mlp8x8-dense-gauss-newton.json}, {@code scripts/make_gauss_newton_golden.py}),
 * and on the linear MSE model, whose outputs are linear in the weights so that NME = 0.
 */
class GaussNewtonGoldenTest {

    private static final long SEED = 11;
    private static TorchScriptModel mlp;
    private static Batch batch;
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        golden = new ObjectMapper().readTree(TestData.path("golden/mlp8x8-dense-gauss-newton.json").toFile());
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        batch = digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0);
        mlp = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu());
    }

    @AfterAll
    static void close() {
        mlp.close();
    }

    private static HesdResult spectrum(Curvature curvature) {
        HesdConfig config = new HesdConfig(2, 60, HesdConfig.Reorthogonalization.FULL, 0, 2, 0, 1e-3, 1e-5, 400,
                HessianScope.PER_BATCH, ModelMode.EVAL, SEED, 2_000, 0.01, 1e-5).withCurvature(curvature);
        return new HesdJob(config, ProgressListener.NONE).run(mlp, List.of(batch)).result();
    }

    @Test
    void gaussNewtonEigenvaluesMatchDenseFloat64AndItIsPositiveSemiDefinite() {
        JsonNode dense = golden.get("gauss_newton");
        HesdResult result = spectrum(Curvature.GAUSS_NEWTON);
        for (int i = 0; i < 2; i++) {
            double expected = dense.get("top5_descending").get(i).asDouble();
            assertEquals(expected, result.topEigenvalues()[i], 1e-3 * expected, "λ" + (i + 1) + " of G");
        }
        double top = result.topEigenvalues()[0];
        assertTrue(result.minEigenvalue() >= -1e-6 * top, "λmin of G = " + result.minEigenvalue());
    }

    @Test
    void nmeEigenvaluesMatchDenseFloat64() {
        JsonNode dense = golden.get("nme");
        HesdResult result = spectrum(Curvature.NME);
        double scale = dense.get("lambda_max").asDouble();
        for (int i = 0; i < 2; i++) {
            double expected = dense.get("top5_descending").get(i).asDouble();
            assertEquals(expected, result.topEigenvalues()[i], 1e-3 * scale, "λ" + (i + 1) + " of NME");
        }
        assertEquals(dense.get("lambda_min").asDouble(), result.minEigenvalue(), 1e-3 * scale, "λmin of NME");
    }

    @Test
    void gaussNewtonPlusNmeIsTheHessianProductByProduct() {
        VectorSpace<FlatVector> space = mlp.parameterSpace();
        FlatVector v = space.zeros();
        FlatVector hv = space.zeros();
        FlatVector gv = space.zeros();
        FlatVector nv = space.zeros();
        try (BatchHessian<FlatVector> h = mlp.curvature(batch, ModelMode.EVAL, Curvature.HESSIAN);
                BatchHessian<FlatVector> g = mlp.curvature(batch, ModelMode.EVAL, Curvature.GAUSS_NEWTON);
                BatchHessian<FlatVector> n = mlp.curvature(batch, ModelMode.EVAL, Curvature.NME)) {
            for (int k = 0; k < 3; k++) {
                space.fillRademacher(v, Seeds.stream(SEED, "sum", k));
                h.apply(v, hv);
                g.apply(v, gv);
                n.apply(v, nv);
                double hNorm = space.norm(hv);
                space.axpy(1, nv, gv);
                space.axpy(-1, hv, gv);
                assertTrue(space.norm(gv) <= 1e-5 * hNorm, "‖Gv + NMEv − Hv‖ = " + space.norm(gv) + ", ‖Hv‖ = " + hNorm);
            }
        } finally {
            List.of(v, hv, gv, nv).forEach(space::release);
        }
    }

    @Test
    void nmeOfTheLinearMseModelIsZeroAndItsGaussNewtonIsTheHessian() {
        try (TorchScriptModel linear = TorchScriptModel.load(
                TestData.path("models/linear8x8-mse.pt"), Device.cpu(), name -> true, Loss.MSE)) {
            VectorSpace<FlatVector> space = linear.parameterSpace();
            FlatVector v = space.zeros();
            FlatVector hv = space.zeros();
            FlatVector gv = space.zeros();
            FlatVector nv = space.zeros();
            try (BatchHessian<FlatVector> h = linear.curvature(batch, ModelMode.EVAL, Curvature.HESSIAN);
                    BatchHessian<FlatVector> g = linear.curvature(batch, ModelMode.EVAL, Curvature.GAUSS_NEWTON);
                    BatchHessian<FlatVector> n = linear.curvature(batch, ModelMode.EVAL, Curvature.NME)) {
                space.fillRademacher(v, Seeds.stream(SEED, "linear"));
                h.apply(v, hv);
                g.apply(v, gv);
                n.apply(v, nv);
                double hNorm = space.norm(hv);
                assertTrue(hNorm > 0, "the Hessian product is not zero");
                assertTrue(space.norm(nv) <= 1e-6 * hNorm, "‖NMEv‖ = " + space.norm(nv) + ", ‖Hv‖ = " + hNorm);
                space.axpy(-1, hv, gv);
                assertTrue(space.norm(gv) <= 1e-6 * hNorm, "‖Gv − Hv‖ = " + space.norm(gv));
            } finally {
                List.of(v, hv, gv, nv).forEach(space::release);
            }
        }
    }
}
