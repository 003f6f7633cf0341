package dev.lla.core.landscape;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Operations on a flat parameter vector seen as its parameter tensors, which direction
 * normalization needs (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", sec. 4).
 * A <em>filter</em> is a slice of a tensor along dimension 0; a tensor of rank below 2 has one
 * filter, itself.
 *
 * <p>Norms are true p-norms ({@code p = 1}: sum of absolute values; {@code p = 2}: Euclidean),
 * computed in double precision.
 *
 * @param <V> the parameter-vector type
 */
public interface TensorwiseOps<V> {

    /** The tensors' shapes, in parameter order; their sizes add up to the vector's dimension. */
    List<long[]> shapes();

    /** {@code ‖x_t‖_p} of each tensor {@code t}. */
    double[] tensorNorms(V x, int p);

    /** {@code ‖x_{t,f}‖_p} of each filter {@code f} of each tensor {@code t}. */
    double[][] filterNorms(V x, int p);

    /** {@code x_t ← factors[t]·x_t}. */
    void scaleTensors(V x, double[] factors);

    /** {@code x_{t,f} ← factors[t][f]·x_{t,f}}. */
    void scaleFilters(V x, double[][] factors);

    /** {@code x ← x ⊙ y}, elementwise. */
    void multiply(V x, V y);

    /** Sets every tensor of rank 1 (biases, BatchNorm weights and shifts) to zero. */
    void zeroVectors(V x);

    /**
     * Sets the entries of {@code x}, in order, to successive values of {@code values}, drawn on the
     * host so that the same generator gives the same vector on every device.
     */
    void fill(V x, DoubleSupplier values);

    /**
     * The entries of {@code x} on the host, rounded to float32: one device-to-host copy, to save a
     * vector to a file (never inside a grid or Krylov loop).
     */
    float[] toFloats(V x);

    /** Number of filters of a tensor of this shape: its first dimension from rank 2 on, else 1. */
    static long filters(long[] shape) {
        return shape.length >= 2 ? shape[0] : 1;
    }

    /** Number of scalars in a tensor of this shape. */
    static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
