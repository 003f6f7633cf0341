package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.landscape.Directions;
import dev.lla.core.landscape.HessianAxes;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.ExtremeEigenpairs;
import dev.lla.core.spectrum.ExtremeEigenvalues;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hessian axes of G, NME and the scale-invariant Hessian on the 8×8-digit MLP (the batch of the dense
 * float64 goldens {@code mlp8x8-dense-gauss-newton.json} and {@code mlp8x8-rescaled.json}): each
 * first axis is the top eigenvector of its own matrix (its Rayleigh quotient is that matrix's
 * λmax), and the default is the plain Hessian's pair, bit for bit. On the trained MLP H's and G's top
 * eigenvectors nearly coincide (cosine 1 − 2e-5), so the difference is checked on the initial BatchNorm
 * LeNet, where NME is large: there G's first axis is far from H's, and its Rayleigh quotient is hesd's
 * λmax(G).
 */
class CurvatureAxesTest {

    private static TorchScriptModel mlp;
    private static FlatParameterSpace space;
    private static FlatVector w0;
    private static Batch batch;
    private static JsonNode gaussNewton;
    private static JsonNode rescaled;

    @BeforeAll
    static void load() throws IOException {
        gaussNewton = new ObjectMapper().readTree(TestData.path("golden/mlp8x8-dense-gauss-newton.json").toFile());
        rescaled = new ObjectMapper().readTree(TestData.path("golden/mlp8x8-rescaled.json").toFile());
        batch = AxesFixtures.batch().get(0);
        mlp = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu());
        space = (FlatParameterSpace) (Object) mlp.parameterSpace();
        w0 = space.zeros();
        mlp.readWeights(w0);
    }

    @AfterAll
    static void close() {
        space.release(w0);
        mlp.close();
    }

    private static LandscapeConfig config(int dims) {
        return AxesFixtures.config(dims, 2, DirectionNormalization.NONE);
    }

    private static Directions<FlatVector> axes(TorchScriptModel model, FlatVector weights, Curvature curvature,
            boolean scaleInvariant, int dims) {
        return axes(model, batch, weights, curvature, scaleInvariant, dims);
    }

    private static Directions<FlatVector> axes(TorchScriptModel model, Batch on, FlatVector weights,
            Curvature curvature, boolean scaleInvariant, int dims) {
        return HessianAxes.of(model, on, HessianAxes.Pair.TOP2, new HessianAxes.Operator(curvature, scaleInvariant),
                weights, config(dims));
    }

    /** {@code dᵀ C d / dᵀ d} on the batch. */
    private static double rayleigh(TorchScriptModel model, Curvature curvature, FlatVector d) {
        return rayleigh(model, batch, curvature, d);
    }

    /** {@code dᵀ C d / dᵀ d} on {@code on}. */
    private static double rayleigh(TorchScriptModel model, Batch on, Curvature curvature, FlatVector d) {
        FlatParameterSpace s = spaceOf(model);
        FlatVector cd = s.zeros();
        try (BatchHessian<FlatVector> c = model.curvature(on, ModelMode.EVAL, curvature)) {
            c.apply(d, cd);
            return s.dot(d, cd) / s.dot(d, d);
        } finally {
            s.release(cd);
        }
    }

    private static FlatParameterSpace spaceOf(TorchScriptModel model) {
        return (FlatParameterSpace) (Object) model.parameterSpace();
    }

    @Test
    void defaultAxesAreThoseOfThePlainHessianBitForBit() {
        // The pair as HessianAxes made it before --operator: the batch Hessian, the same seed, Gram-Schmidt.
        ExtremeEigenpairs<FlatVector> pairs;
        try (BatchHessian<FlatVector> h = mlp.hessian(batch, ModelMode.EVAL)) {
            pairs = new ExtremeEigenvalues<>(space, h, 1e-4, 300).compute(Seeds.stream(0, "landscape-hessian"), 2);
        }
        FlatVector d1 = space.zeros();
        FlatVector d2 = space.zeros();
        space.copy(pairs.largest().get(0).vector(), d1);
        space.copy(pairs.largest().get(1).vector(), d2);
        pairs.release(space);
        Directions<FlatVector> before = Directions.prepare(space, mlp.tensorwise(), w0, d1, d2, config(2));
        Directions<FlatVector> now = HessianAxes.of(mlp, batch, HessianAxes.Pair.TOP2, w0, config(2));
        try {
            assertArrayEquals(space.toHost(before.d1()), space.toHost(now.d1()));
            assertArrayEquals(space.toHost(before.d2()), space.toHost(now.d2()));
        } finally {
            before.release(space);
            now.release(space);
        }
    }

    @Test
    void gaussNewtonAndNmeAxesAreTheTopEigenvectorsOfTheirMatrices() {
        Directions<FlatVector> h = axes(mlp, w0, Curvature.HESSIAN, false, 1);
        Directions<FlatVector> g = axes(mlp, w0, Curvature.GAUSS_NEWTON, false, 1);
        Directions<FlatVector> nme = axes(mlp, w0, Curvature.NME, false, 1);
        try {
            double gMax = gaussNewton.get("gauss_newton").get("lambda_max").asDouble();
            assertEquals(gMax, rayleigh(mlp, Curvature.GAUSS_NEWTON, g.d1()), 1e-3 * gMax, "d1ᵀ G d1");
            assertEquals(1.0, g.norm1(), 1e-5);

            double nmeMax = gaussNewton.get("nme").get("lambda_max").asDouble();
            assertEquals(nmeMax, rayleigh(mlp, Curvature.NME, nme.d1()), 1e-3 * nmeMax, "d1ᵀ NME d1");
            assertTrue(Math.abs(space.dot(h.d1(), nme.d1())) < 0.5, "NME's top direction is far from H's");
        } finally {
            h.release(space);
            g.release(space);
            nme.release(space);
        }
    }

    @Test
    void initialLenetGaussNewtonAxisIsNotTheHessiansAndHasHesdsTopEigenvalue() {
        Dataset mnist = DatasetLoader.load(DataRequest.of(TestData.path("mnist"), Split.TRAIN));
        Batch lenetBatch = mnist.batch(BatchPlan.sequential(mnist.size(), 64, 1), 0);
        try (TorchScriptModel lenet = TorchScriptModel.load(TestData.path("models/lenet-bn-init.pt"), Device.cpu())) {
            FlatParameterSpace s = spaceOf(lenet);
            FlatVector w = s.zeros();
            lenet.readWeights(w);
            Directions<FlatVector> h = axes(lenet, lenetBatch, w, Curvature.HESSIAN, false, 1);
            Directions<FlatVector> g = axes(lenet, lenetBatch, w, Curvature.GAUSS_NEWTON, false, 1);
            try {
                HesdConfig hesd = new HesdConfig(1, 10, HesdConfig.Reorthogonalization.FULL, 0, 1, 0, 1e-3, 1e-5, 400,
                        HessianScope.PER_BATCH, ModelMode.EVAL, 3, 100, 0.01, 1e-5).withCurvature(Curvature.GAUSS_NEWTON);
                double gMax = new HesdJob(hesd, ProgressListener.NONE).run(lenet, List.of(lenetBatch)).result()
                        .topEigenvalues()[0];
                assertEquals(gMax, rayleigh(lenet, lenetBatch, Curvature.GAUSS_NEWTON, g.d1()), 1e-3 * gMax, "d1ᵀ G d1");
                double cosine = s.dot(h.d1(), g.d1()) / (h.norm1() * g.norm1());
                // Measured: cosine −0.10; H's top direction sees a tenth of G's top curvature.
                assertTrue(Math.abs(cosine) < 0.5, "cos(H top, G top) = " + cosine);
                assertTrue(rayleigh(lenet, lenetBatch, Curvature.GAUSS_NEWTON, h.d1()) < 0.5 * gMax);
            } finally {
                h.release(s);
                g.release(s);
                s.release(w);
            }
        }
    }

    /**
     * With {@code d = D u}, {@code dᵀ H d = λmax(D H D)}; and the twin with fc1 × 10, fc2.weight / 10 (the
     * same function) gets {@code S d}: its landscape along the scale-invariant axis is the original's,
     * whereas along plain Hessian axes the two differ.
     */
    @Test
    void scaleInvariantAxisStepsAlongDuAndIsTheSameFunctionSpacePathForTheRescaledTwin() {
        Path twinFile = TestData.path("models/mlp8x8-rescaled.pt");
        try (TorchScriptModel twin = TorchScriptModel.load(twinFile, Device.cpu())) {
            FlatParameterSpace twinSpace = spaceOf(twin);
            FlatVector tw0 = twinSpace.zeros();
            twin.readWeights(tw0);
            Directions<FlatVector> d = axes(mlp, w0, Curvature.HESSIAN, true, 1);
            Directions<FlatVector> td = axes(twin, tw0, Curvature.HESSIAN, true, 1);
            Directions<FlatVector> plain = axes(mlp, w0, Curvature.HESSIAN, false, 1);
            Directions<FlatVector> twinPlain = axes(twin, tw0, Curvature.HESSIAN, false, 1);
            try {
                double top = rescaled.get("original").get("scale_invariant_top3").get(0).asDouble();
                double dHd = rayleigh(mlp, Curvature.HESSIAN, d.d1()) * space.dot(d.d1(), d.d1());
                assertEquals(top, dHd, 1e-3 * top, "dᵀ H d with d = D u");
                for (double t : new double[] {-2, 2}) {
                    double a = lossAt(mlp, w0, d.d1(), t);
                    double b = lossAt(twin, tw0, td.d1(), t);
                    double c = lossAt(mlp, w0, d.d1(), -t);
                    // The sign of an eigenvector is arbitrary: compare with the twin's step either way.
                    assertTrue(Math.abs(a - b) < 1e-4 * a || Math.abs(c - b) < 1e-4 * c, t + ": " + a + " " + c + " vs " + b);
                }
                double p = lossAt(mlp, w0, plain.d1(), 2);
                double q = lossAt(twin, tw0, twinPlain.d1(), 2);
                double r = lossAt(mlp, w0, plain.d1(), -2);
                assertTrue(Math.abs(p - q) > 1e-2 * p && Math.abs(r - q) > 1e-2 * r, p + " " + r + " vs " + q);
            } finally {
                d.release(space);
                td.release(twinSpace);
                plain.release(space);
                twinPlain.release(twinSpace);
                twinSpace.release(tw0);
            }
        }
    }

    /** The batch loss at {@code w + t d}; the weights are set back to {@code w} afterwards. */
    private static double lossAt(TorchScriptModel model, FlatVector w, FlatVector d, double t) {
        FlatParameterSpace s = spaceOf(model);
        FlatVector point = s.zeros();
        try {
            s.copy(w, point);
            s.axpy(t, d, point);
            model.writeWeights(point);
            return model.evaluate(batch, ModelMode.EVAL).loss();
        } finally {
            model.writeWeights(w);
            s.release(point);
        }
    }
}
