package dev.lla.core.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.model.BatchHessian;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.Models;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.VectorSpace;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ONNX twins of the bundled models ({@code scripts/make_onnx_twins.py}) against their
 * TorchScript originals on the same batch: loss, gradient and Hessian-vector product within
 * 1e-5 relative, in both modes, and BN running statistics unchanged by a train-mode product; the
 * twins with BN folded at export give the BN-kept model's eval-mode loss.
 */
class OnnxTwinTest {

    /** The figures one model gives on one batch and one seeded Rademacher vector v. */
    /** Samples per batch: all of cifar-tiny, enough for train-mode statistics to differ from eval mode. */
    private static final int BATCH = 64;

    record Figures(double loss, double gradientNorm, double gradientDotV, double vHv, double hvNorm, String names) {}

    @ParameterizedTest
    @CsvSource({
        "mlp8x8-trained.pt, mlp8x8-trained.onnx, digits8x8/train.npz, EVAL",
        "mlp8x8-trained.pt, mlp8x8-trained.onnx, digits8x8/train.npz, TRAIN",
        "mlp8x8-trained.pt, mlp8x8-trained-op9.onnx, digits8x8/train.npz, EVAL",
        "lenet-bn-trained.pt, lenet-bn-trained.onnx, mnist, EVAL",
        "lenet-bn-trained.pt, lenet-bn-trained.onnx, mnist, TRAIN",
        "lenet-bn-trained.pt, lenet-bn-reshape.onnx, mnist, TRAIN",
        "lenet-bn-trained.pt, lenet-bn-reshape.onnx, mnist, EVAL",
        "resnet20.pt, resnet20.onnx, cifar-tiny, EVAL",
        "resnet20.pt, resnet20.onnx, cifar-tiny, TRAIN",
    })
    void onnxTwinGivesTheTorchScriptFigures(String torchScript, String onnx, String data, ModelMode mode) {
        Dataset dataset = DatasetLoader.load(DataRequest.of(TestData.path(data), Split.TRAIN));
        Batch batch = dataset.batch(BatchPlan.sequential(dataset.size(), BATCH, 1), 0);
        Figures expected = figures(Models.open(TestData.path("models/" + torchScript), "cpu"), batch, mode);
        Figures actual = figures(Models.open(TestData.path("models/" + onnx), "cpu"), batch, mode);
        assertEquals(expected.names(), actual.names(), "parameter names");
        assertClose(expected.loss(), actual.loss(), "loss");
        assertClose(expected.gradientNorm(), actual.gradientNorm(), "|g|");
        assertClose(expected.gradientDotV(), actual.gradientDotV(), "g.v");
        assertClose(expected.vHv(), actual.vHv(), "v'Hv");
        assertClose(expected.hvNorm(), actual.hvNorm(), "|Hv|");
    }

    /** BN folded into Conv at export computes the eval-mode function of the BN-kept model. */
    @ParameterizedTest
    @CsvSource({
        "lenet-bn-trained.pt, lenet-bn-folded.onnx, mnist",
        "resnet20.pt, resnet20-folded.onnx, cifar-tiny",
    })
    void foldedTwinGivesTheEvalModeLoss(String torchScript, String folded, String data) {
        Dataset dataset = DatasetLoader.load(DataRequest.of(TestData.path(data), Split.TRAIN));
        Batch batch = dataset.batch(BatchPlan.sequential(dataset.size(), BATCH, 1), 0);
        try (TrainableModel<?> kept = Models.open(TestData.path("models/" + torchScript), "cpu");
                TrainableModel<?> noBatchNorm = Models.open(TestData.path("models/" + folded), "cpu")) {
            double expected = kept.evaluate(batch, ModelMode.EVAL).loss();
            assertClose(expected, noBatchNorm.evaluate(batch, ModelMode.EVAL).loss(), "eval loss");
            // no batch statistics left: train mode computes the same
            assertClose(expected, noBatchNorm.evaluate(batch, ModelMode.TRAIN).loss(), "train-mode loss");
        }
        assertTrue(OnnxTranslator.translate(TestData.path("models/" + folded)).batchNormFolded(), folded);
    }

    /**
     * The small ViT (LayerNormalization, Erf GELU, Softmax attention, cls token by Expand and Concat).
     * Skipped, by an assumption naming them, while the translator lacks some of its operators, so
     * that it runs by itself once they land.
     */
    @org.junit.jupiter.api.Test
    void vitTwinGivesTheTorchScriptFigures() throws java.io.IOException {
        java.nio.file.Path onnx = TestData.path("models/vit-tiny.onnx");
        java.util.SortedSet<String> missing = OnnxTranslator.untranslatedOperators(
                ai.onnx.proto.OnnxMl.ModelProto.parseFrom(java.nio.file.Files.readAllBytes(onnx)));
        org.junit.jupiter.api.Assumptions.assumeTrue(missing.isEmpty(),
                "vit-tiny.onnx needs ONNX operators lla does not translate yet: " + String.join(", ", missing));
        Dataset dataset = DatasetLoader.load(DataRequest.of(TestData.path("cifar-tiny"), Split.TRAIN));
        Batch batch = dataset.batch(BatchPlan.sequential(dataset.size(), 16, 1), 0);
        Figures expected = figures(Models.open(TestData.path("models/vit-tiny.pt"), "cpu"), batch, ModelMode.EVAL);
        Figures actual = figures(Models.open(onnx, "cpu"), batch, ModelMode.EVAL);
        assertEquals(expected.names(), actual.names(), "parameter names");
        assertClose(expected.loss(), actual.loss(), "loss");
        assertClose(expected.gradientNorm(), actual.gradientNorm(), "|g|");
        assertClose(expected.gradientDotV(), actual.gradientDotV(), "g.v");
        assertClose(expected.vHv(), actual.vHv(), "v'Hv");
        assertClose(expected.hvNorm(), actual.hvNorm(), "|Hv|");
    }

    @ParameterizedTest
    @CsvSource({"lenet-bn-trained.onnx, mnist", "lenet-bn-reshape.onnx, mnist", "resnet20.onnx, cifar-tiny"})
    void trainModeProductLeavesRunningStatisticsUnchanged(String onnx, String data) {
        Dataset dataset = DatasetLoader.load(DataRequest.of(TestData.path(data), Split.TRAIN));
        Batch batch = dataset.batch(BatchPlan.sequential(dataset.size(), BATCH, 1), 0);
        try (TrainableModel<?> model = Models.open(TestData.path("models/" + onnx), "cpu")) {
            double before = model.evaluate(batch, ModelMode.EVAL).loss();
            figuresOf(model, batch, ModelMode.TRAIN);
            double trainLoss = model.evaluate(batch, ModelMode.TRAIN).loss();
            model.restoreBuffers();
            double after = model.evaluate(batch, ModelMode.EVAL).loss();
            // eval mode reads the running statistics: any change to them changes this loss
            assertEquals(before, after, 0.0, "eval loss after a train-mode product");
            assertTrue(Math.abs(trainLoss - before) > 1e-6, "train mode must use batch statistics");
        }
    }

    private static Figures figures(TrainableModel<?> model, Batch batch, ModelMode mode) {
        try (model) {
            return figuresOf(model, batch, mode);
        }
    }

    private static <V> Figures figuresOf(TrainableModel<V> model, Batch batch, ModelMode mode) {
        VectorSpace<V> space = model.parameterSpace();
        V g = space.zeros();
        V v = space.zeros();
        V hv = space.zeros();
        try {
            double loss = model.gradient(batch, mode, g);
            space.fillRademacher(v, new SplittableRandom(7));
            try (BatchHessian<V> hessian = model.hessian(batch, mode)) {
                hessian.apply(v, hv);
            }
            String names = String.join(",", model.parameters().stream().map(ParameterInfo::name).toList());
            return new Figures(loss, space.norm(g), space.dot(g, v), space.dot(v, hv), space.norm(hv), names);
        } finally {
            model.restoreBuffers();
            space.release(g);
            space.release(v);
            space.release(hv);
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-5 * Math.abs(expected) + 1e-7, what);
    }
}
