package dev.lla.core.spectrum;

import java.util.SplittableRandom;

/**
 * The vector space ℝⁿ on plain {@code double[]} arrays, for tests and problems small enough for the
 * Java heap.
 *
 * <p>Every operation costs O(n). {@link #fillRademacher} draws {@code random.nextBoolean()} once
 * per entry in index order and maps {@code true → +1.0}, {@code false → −1.0}; a space on other
 * storage must do the same so that a seed gives the same start vector everywhere.
 */
public final class ArrayVectorSpace implements VectorSpace<double[]> {

    private final int dimension;

    /** A space of vectors with {@code dimension ≥ 1} coordinates. */
    public ArrayVectorSpace(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public long dimension() {
        return dimension;
    }

    @Override
    public double[] zeros() {
        return new double[dimension];
    }

    @Override
    public double dot(double[] x, double[] y) {
        requireDimension(x);
        requireDimension(y);
        double sum = 0.0;
        for (int i = 0; i < dimension; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    @Override
    public void axpy(double a, double[] x, double[] y) {
        requireDimension(x);
        requireDimension(y);
        for (int i = 0; i < dimension; i++) {
            y[i] += a * x[i];
        }
    }

    @Override
    public void scale(double a, double[] x) {
        requireDimension(x);
        for (int i = 0; i < dimension; i++) {
            x[i] *= a;
        }
    }

    @Override
    public void copy(double[] src, double[] dst) {
        requireDimension(src);
        requireDimension(dst);
        System.arraycopy(src, 0, dst, 0, dimension);
    }

    @Override
    public void fillRademacher(double[] x, SplittableRandom random) {
        requireDimension(x);
        RademacherSigns.fill(x, random);
    }

    @Override
    public Basis<double[]> newBasis(int capacity) {
        return new ListBasis<>(this, capacity);
    }

    /** Nothing to do: the garbage collector owns heap arrays. */
    @Override
    public void release(double[] x) {}

    /** 2⁻⁵³, the unit roundoff of IEEE double. */
    @Override
    public double unitRoundoff() {
        return 0x1p-53;
    }

    private void requireDimension(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException(
                    "vector of length " + x.length + " in a space of dimension " + dimension);
        }
    }
}
