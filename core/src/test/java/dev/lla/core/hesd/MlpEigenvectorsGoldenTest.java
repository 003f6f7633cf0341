package dev.lla.core.hesd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.TestData;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.Split;
import dev.lla.core.journal.Journal;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hesd --eigenvectors} on the 8×8-digit MLP against the dense float64 eigenvectors of
 * {@code testdata/golden/mlp8x8-dense-hessian-eigvecs.npz} (first 256 training digits in stored
 * order, eval mode): the same directions up to sign, the same IPR.
 */
class MlpEigenvectorsGoldenTest {

    private static final Path GOLDEN = TestData.path("golden/mlp8x8-dense-hessian-eigvecs.npz");
    private static TrainableModel<?> model;
    private static List<ParameterInfo> parameters;
    private static HesdRun run;

    @TempDir static Path temp;

    @BeforeAll
    static void run() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu");
        parameters = model.parameters();
        HesdConfig config = new HesdConfig(1, 5, HesdConfig.Reorthogonalization.FULL, 0, 2, 0, 1e-3, 1e-6, 400,
                HessianScope.PER_BATCH, ModelMode.EVAL, 7, 100, 0.01, 1e-5);
        run = new HesdJob(config, ProgressListener.NONE, Journal.none(HesdPartial::empty), "", true)
                .run(model, List.of(digits.batch(BatchPlan.sequential(digits.size(), 256, 1), 0)));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void keepsTheTopTwoAndTheMostNegativeInOrder() {
        assertEquals(List.of("top1", "top2", "min"), run.eigenvectors().stream().map(Eigenvector::key).toList());
        for (Eigenvector v : run.eigenvectors()) {
            assertTrue(v.converged(), v.key() + " residual " + v.residual());
        }
    }

    @Test
    void vectorsEqualTheDenseEigenvectorsUpToSign() {
        for (Eigenvector v : run.eigenvectors()) {
            double[] dense = NpzReader.read(GOLDEN, v.key()).toDoubleArray();
            double cos = Math.abs(cosine(v.values(), dense));
            assertTrue(cos >= 1 - 1e-4, v.key() + ": |cos| = " + cos);
        }
    }

    @Test
    void iprEqualsTheDenseOne() {
        for (Eigenvector v : run.eigenvectors()) {
            double[] dense = NpzReader.read(GOLDEN, v.key()).toDoubleArray();
            double s2 = 0;
            double s4 = 0;
            for (double x : dense) {
                s2 += x * x;
                s4 += x * x * x * x;
            }
            Localization l = Localization.of(v.values(), parameters);
            assertEquals(s4 / (s2 * s2), l.ipr(), 1e-4, v.key());
            assertEquals(1.0, l.tensors().stream().mapToDouble(Localization.TensorShare::mass).sum(), 1e-9, v.key());
        }
    }

    @Test
    void archiveHoldsEachVectorByParameterNameWithItsEigenvalue() throws IOException {
        Path file = temp.resolve("eigenvectors.npz");
        Files.write(file, EigenvectorsFile.toBytes(parameters, run.eigenvectors()));
        for (Eigenvector v : run.eigenvectors()) {
            assertArrayEquals(v.values(), EigenvectorsFile.read(file, v.key() + "/", parameters), v.key());
        }
        double[] values = NpzReader.read(file, "eigenvalues").toDoubleArray();
        assertEquals(run.eigenvectors().size(), values.length);
        assertEquals(run.eigenvectors().get(0).value(), values[0]);
        assertEquals(List.of(32L, 64L), java.util.Arrays.stream(NpzReader.read(file, "top1/fc1.weight").shape())
                .asLongStream().boxed().toList());
    }

    private static double cosine(float[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
