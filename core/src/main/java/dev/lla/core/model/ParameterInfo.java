package dev.lla.core.model;

import java.util.Arrays;

/** One trainable parameter tensor: its name in {@code named_parameters()} order and its shape. */
public record ParameterInfo(String name, long[] shape) {

    /** Number of scalars in the tensor. */
    public long size() {
        return Arrays.stream(shape).reduce(1L, (a, b) -> a * b);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
