package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.lla.core.LlaException;
import dev.lla.core.TestData;
import dev.lla.core.data.Batch;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Dataset;
import dev.lla.core.data.DatasetLoader;
import dev.lla.core.data.Split;
import dev.lla.core.landscape.DirectionNormalization;
import dev.lla.core.shard.GridShard;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.LandscapeJob;
import dev.lla.core.landscape.LandscapeResult;
import dev.lla.core.landscape.RandomDistribution;
import dev.lla.core.landscape.ShardedGrid;
import dev.lla.core.model.ModelMode;
import dev.lla.core.progress.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A grid computed in shards and merged equals the grid computed at once, bit for bit. */
class ShardedLandscapeTest {

    private static List<Batch> digits() {
        Dataset digits = DatasetLoader.load(DataRequest.of(TestData.path("digits8x8/train.npz"), Split.TRAIN));
        BatchPlan plan = BatchPlan.sequential(digits.size(), 64, 1);
        return List.of(digits.batch(plan, 0));
    }

    private static LandscapeConfig config(long seed) {
        return new LandscapeConfig(2, 6, 2, RandomDistribution.GAUSSIAN, DirectionNormalization.FILTER, 2, false,
                1000, seed, ModelMode.EVAL);
    }

    @Test
    void mergedShardsEqualTheWholeGridBitForBit() {
        try (TorchScriptModel model = TorchScriptModel.load(TestData.path("models/mlp8x8-trained.pt"), Device.cpu())) {
            List<Batch> batches = digits();
            LandscapeJob wholeJob = new LandscapeJob(config(3), ProgressListener.NONE);
            LandscapeResult whole = wholeJob.run(model, batches);
            List<ShardedGrid.Part> parts = new ArrayList<>();
            for (int index : new int[] {2, 0, 1}) {
                GridShard shard = new GridShard(index, 3);
                LandscapeJob job = new LandscapeJob(config(3), ProgressListener.NONE).restrictedTo(shard);
                LandscapeResult part = job.run(model, batches);
                for (int i = 0; i < part.x().length; i++) {
                    assertEquals(shard.owns(i), !Double.isNaN(part.loss()[i][0]), "row " + i + " of " + shard);
                }
                assertEquals(wholeJob.directionDigest(), job.directionDigest());
                parts.add(new ShardedGrid.Part("part" + index, shard, "f", job.directionDigest(), part));
            }
            LandscapeResult merged = ShardedGrid.merge(parts, 1000);
            for (int i = 0; i < whole.x().length; i++) {
                assertArrayEquals(bits(whole.loss()[i]), bits(merged.loss()[i]), "loss row " + i);
                assertArrayEquals(bits(whole.accuracy()[i]), bits(merged.accuracy()[i]), "accuracy row " + i);
            }
            assertEquals(whole.explosion(), merged.explosion());
            assertEquals(whole.originLoss(), merged.originLoss(), 0);

            assertThrows(LlaException.class, () -> ShardedGrid.merge(parts.subList(0, 2), 1000), "missing shard");
            LandscapeResult other = new LandscapeJob(config(4), ProgressListener.NONE).restrictedTo(new GridShard(0, 3))
                    .run(model, batches);
            String otherDigest = new LandscapeJob(config(4), ProgressListener.NONE).directionDigest();
            assertEquals(null, otherDigest);
            LandscapeJob otherJob = new LandscapeJob(config(4), ProgressListener.NONE);
            otherJob.run(model, batches);
            assertNotEquals(wholeJob.directionDigest(), otherJob.directionDigest(), "another seed, other directions");
            List<ShardedGrid.Part> mixed = new ArrayList<>(parts.subList(1, 3));
            mixed.add(new ShardedGrid.Part("other", new GridShard(2, 3), "f", otherJob.directionDigest(), other));
            LlaException e = assertThrows(LlaException.class, () -> ShardedGrid.merge(mixed, 1000));
            assertTrue(e.getMessage().contains("other") && e.getMessage().contains("directions"), e.getMessage());
        }
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }
}
