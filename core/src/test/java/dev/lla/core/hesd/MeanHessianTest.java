package dev.lla.core.hesd;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.lla.core.model.TrainableModel;
import dev.lla.core.spectrum.VectorSpace;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The mean Hessian over batches of different sizes is the sample-weighted mean of theirs. */
class MeanHessianTest {

    @Test
    void meanHessianIsTheSampleWeightedMeanOfTheBatchHessians() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        BatchPlan plan = BatchPlan.sequential(digits.size(), 100, 3);
        // Batches of 100, 100 and 40 samples: unequal sizes make the weights matter.
        Batch short40 = digits.batch(2, java.util.Arrays.copyOf(plan.indices(2), 40));
        List<Batch> batches = List.of(digits.batch(plan, 0), digits.batch(plan, 1), short40);
        try (TrainableModel<?> model = Models.open(TestData.path("models/mlp8x8-trained.pt"), "cpu")) {
            check(model, batches);
        }
    }

    private static <V> void check(TrainableModel<V> model, List<Batch> batches) {
        VectorSpace<V> space = model.parameterSpace();
        V v = space.zeros();
        V expected = space.zeros();
        V part = space.zeros();
        V actual = space.zeros();
        space.fillRademacher(v, new SplittableRandom(5));
        double total = batches.stream().mapToInt(Batch::size).sum();
        for (Batch batch : batches) {
            try (BatchHessian<V> hessian = model.hessian(batch, ModelMode.EVAL)) {
                hessian.apply(v, part);
            }
            space.axpy(batch.size() / total, part, expected);
        }
        new MeanHessian<>(model, batches, ModelMode.EVAL).apply(v, actual);
        space.axpy(-1, expected, actual);
        assertEquals(0.0, space.norm(actual) / space.norm(expected), 1e-6);
    }
}
