package dev.lla.core.data;

import java.util.Arrays;

/**
 * One minibatch copied out of a {@link Dataset}: {@code size()} samples laid out in C order, each
 * of shape {@code sampleShape}, with their labels.
 *
 * <p>The batch owns {@code pixels} and {@code labels} (they are not copied again; a batch is
 * usually handed straight to the engine). Arrays are compared by content in {@link #equals}, so
 * two batches drawn with the same plan are equal.
 *
 * @param index the batch's number within its {@link BatchPlan}, from 0
 * @param pixels the samples, {@code size() × product(sampleShape)} floats in C order
 * @param labels one class index per sample
 * @param sampleShape the shape of one sample, e.g. {@code [1, 28, 28]} or {@code [D]}
 */
public record Batch(int index, float[] pixels, int[] labels, int[] sampleShape) {

    public Batch {
        if (index < 0) {
            throw new IllegalArgumentException("batch index " + index + " is negative");
        }
        long expected = labels.length * Shapes.product(sampleShape);
        if (pixels.length != expected) {
            throw new IllegalArgumentException("batch of " + labels.length + " samples of "
                    + Shapes.times(sampleShape) + " needs " + expected + " floats, got "
                    + pixels.length);
        }
        sampleShape = sampleShape.clone();
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Shape of the whole batch tensor: {@code {size(), sampleShape...}}. */
    public long[] shape() {
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = labels.length;
        for (int i = 0; i < sampleShape.length; i++) {
            shape[i + 1] = sampleShape[i];
        }
        return shape;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Batch b
                && index == b.index
                && Arrays.equals(pixels, b.pixels)
                && Arrays.equals(labels, b.labels)
                && Arrays.equals(sampleShape, b.sampleShape);
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(index);
        h = 31 * h + Arrays.hashCode(pixels);
        h = 31 * h + Arrays.hashCode(labels);
        return 31 * h + Arrays.hashCode(sampleShape);
    }

    @Override
    public String toString() {
        return "Batch[index=" + index + ", shape=" + Arrays.toString(shape()) + "]";
    }
}
