package dev.lla.core.data;

/**
 * A transform of one sample, applied by a {@link TransformPipeline} in a fixed order.
 *
 * <p>A sample is a float array in C order with shape {@code [C, H, W]} (an image) or {@code [D]}
 * (a flat vector). Image transforms (grayscale, resize, center-crop, pad) need {@code [C, H, W]};
 * flat samples accept only {@link RangeScale} and {@link Normalization}. A transform never
 * modifies its input and does not care how the dataset is stored, so the same pipeline serves an
 * in-memory dataset and a reader that streams batches.
 *
 * <p>{@link #toString()} spells the transform as its command-line option, e.g. {@code resize 8x8},
 * for messages and provenance.
 */
public interface Transform {

    /**
     * The shape of this transform's output for an input sample of {@code shape}. Call it once
     * before {@link #apply}: it is where a transform that cannot apply to {@code shape} says so.
     *
     * @throws dev.lla.core.LlaException (usage) if this transform cannot apply to {@code shape},
     *     e.g. a crop larger than the image
     */
    int[] outputShape(int[] shape);

    /**
     * Transforms one sample of {@code shape}, which {@link #outputShape} accepted.
     *
     * @return a new array of {@code product(outputShape(shape))} floats in C order
     */
    float[] apply(float[] sample, int[] shape);
}
