package dev.lla.core.data;

/**
 * The samples of a {@link Dataset} that are decoded on demand, one at a time, when a batch is
 * built, instead of being held in memory: how a dataset larger than memory is streamed.
 */
interface LazySamples {

    /** The shape every sample has, all dimensions positive. */
    int[] shape();

    /**
     * Sample {@code i}, {@code product(shape())} floats in C order, a new array.
     *
     * @throws dev.lla.core.LlaException (input) naming the file if the sample cannot be read or
     *     does not have {@link #shape()}
     */
    float[] sample(int i);

    /** Where sample {@code i} comes from, for messages, e.g. its file. */
    String name(int i);

    /**
     * These samples passed through {@code transforms} as they are decoded.
     *
     * @throws dev.lla.core.LlaException (usage) if a transform cannot apply to {@link #shape()}
     */
    LazySamples transformed(TransformPipeline transforms);
}
