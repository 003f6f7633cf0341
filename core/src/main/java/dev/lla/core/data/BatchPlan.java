package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.util.SplittableRandom;

/**
 * Which samples go into which minibatch: {@link #batches()} disjoint batches of
 * {@link #batchSize()} sample indices each, drawn from a dataset of {@link #datasetSize()}.
 *
 * <p>A random plan depends only on {@code (datasetSize, batchSize, seed)}: the dataset is shuffled
 * by one seeded permutation and cut into consecutive chunks, so batch {@code b} is the same however
 * many batches are requested, and re-running with the same seed reproduces every batch.
 */
public final class BatchPlan {

    private final int datasetSize;
    private final int batchSize;
    private final int batches;
    /** Sample order; batch b is {@code order[b·batchSize, (b+1)·batchSize)}. */
    private final int[] order;

    private BatchPlan(int datasetSize, int batchSize, int batches, int[] order) {
        this.datasetSize = datasetSize;
        this.batchSize = batchSize;
        this.batches = batches;
        this.order = order;
    }

    /**
     * Shuffles {@code 0..datasetSize-1} by Fisher-Yates with a {@link SplittableRandom} seeded by
     * {@code seed}, then takes {@code batches} consecutive chunks of {@code batchSize}.
     *
     * @throws LlaException (usage) if a count is not positive or the batches need more samples
     *     than the dataset holds
     */
    public static BatchPlan random(int datasetSize, int batchSize, int batches, long seed) {
        check(datasetSize, batchSize, batches);
        int[] order = identity(datasetSize);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = datasetSize - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new BatchPlan(datasetSize, batchSize, batches, order);
    }

    /**
     * The first {@code batches × batchSize} samples in file order.
     *
     * @throws LlaException (usage) under the same conditions as {@link #random}
     */
    public static BatchPlan sequential(int datasetSize, int batchSize, int batches) {
        check(datasetSize, batchSize, batches);
        return new BatchPlan(datasetSize, batchSize, batches, identity(datasetSize));
    }

    /**
     * Every sample once, in file order: {@code ceil(datasetSize / batchSize)} batches, the last
     * one holding the remainder (smaller than the others unless the size divides evenly).
     *
     * @throws LlaException (usage) if the batch size is not positive
     */
    public static BatchPlan covering(int datasetSize, int batchSize) {
        if (batchSize <= 0) {
            throw LlaException.usage("--batch-size must be at least 1, got " + batchSize);
        }
        int batches = (int) ((datasetSize + (long) batchSize - 1) / batchSize);
        return new BatchPlan(datasetSize, batchSize, batches, identity(datasetSize));
    }

    public int datasetSize() {
        return datasetSize;
    }

    public int batchSize() {
        return batchSize;
    }

    public int batches() {
        return batches;
    }

    /** Samples used over all batches: {@code batches × batchSize}, or the dataset's size if less. */
    public int totalSamples() {
        return (int) Math.min((long) batches * batchSize, datasetSize);
    }

    /** The sample indices of batch {@code b} (a copy), in batch order. */
    public int[] indices(int b) {
        if (b < 0 || b >= batches) {
            throw new IndexOutOfBoundsException("batch " + b + " of " + batches);
        }
        // Only the last batch of a covering plan can be short; other plans never reach the end.
        int size = Math.min(batchSize, datasetSize - b * batchSize);
        int[] out = new int[size];
        System.arraycopy(order, b * batchSize, out, 0, size);
        return out;
    }

    private static void check(int datasetSize, int batchSize, int batches) {
        if (batchSize <= 0) {
            throw LlaException.usage("--batch-size must be at least 1, got " + batchSize);
        }
        if (batches <= 0) {
            throw LlaException.usage("--batches must be at least 1, got " + batches);
        }
        long needed = (long) batches * batchSize;
        if (needed > datasetSize) {
            throw LlaException.usage("--batches " + batches + " × --batch-size " + batchSize
                    + " = " + needed + " samples, but the dataset holds only " + datasetSize
                    + "; lower --batches or --batch-size");
        }
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
