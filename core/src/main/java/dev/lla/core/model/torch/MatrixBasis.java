package dev.lla.core.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lla.core.spectrum.Basis;
import java.util.function.Consumer;

/**
 * Lanczos vectors as the rows of one preallocated {@code capacity × P} matrix on the device, so
 * that projecting a vector against all of them is two matrix products rather than 2j vector
 * operations. A bounded window reuses rows as a ring.
 *
 * <p>The matrix is allocated uninitialized ({@code torch.empty}): every read ({@link
 * #orthogonalize}, {@link #combine}) takes only rows {@code 0 … size() − 1}, and those are
 * exactly the rows that {@link #append} has written (row {@code i} is written by the i-th append,
 * and a full ring only overwrites rows already written), so zero-filling {@code capacity × P}
 * scalars would be wasted memory traffic. For the same reason a basis may run in a lent block of
 * more rows than its capacity ({@link FlatParameterSpace#reserveBasis}): it touches only its own.
 */
final class MatrixBasis implements Basis<FlatVector> {

    private final NDManager scope;
    private final NDArray rows;
    private final int capacity;
    /** Hands {@link #rows} back to the space that lent them; null when the basis owns its rows. */
    private final Consumer<NDArray> giveBack;
    private int appended;

    private MatrixBasis(NDManager scope, NDArray rows, int capacity, Consumer<NDArray> giveBack) {
        this.scope = scope;
        this.rows = rows;
        this.capacity = capacity;
        this.giveBack = giveBack;
    }

    /** A basis with a block of its own, freed when it closes. */
    static MatrixBasis owning(NDManager parent, int capacity, long dimension, DataType dataType) {
        requirePositive(capacity);
        NDManager scope = parent.newSubManager();
        return new MatrixBasis(scope, scope.create(new Shape(capacity, dimension), dataType), capacity, null);
    }

    /** A basis in the first {@code capacity} rows of {@code block}, handed to {@code giveBack} when it closes. */
    static MatrixBasis inLentBlock(NDManager parent, int capacity, NDArray block, Consumer<NDArray> giveBack) {
        requirePositive(capacity);
        if (block.getShape().get(0) < capacity) {
            throw new IllegalArgumentException("a block of " + block.getShape().get(0) + " rows cannot hold " + capacity);
        }
        return new MatrixBasis(parent.newSubManager(), block, capacity, giveBack);
    }

    private static void requirePositive(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int size() {
        return Math.min(appended, capacity);
    }

    @Override
    public int appended() {
        return appended;
    }

    @Override
    public void append(FlatVector x) {
        rows.set(new NDIndex(appended % capacity), x.data);
        appended++;
    }

    /**
     * Classical Gram-Schmidt with a second pass only when the first cancelled most of {@code w}
     * ({@code ‖w_after‖ < ‖w_before‖/√2}), the criterion of Daniel, Gragg, Kaufman and Stewart
     * (1976): when the first pass keeps most of the norm, it already orthogonalized to working
     * precision. Each pass is two matrix-vector products over the held rows, the dominant memory
     * traffic of a Lanczos step. The norm returned is the one the criterion already computed (one
     * more dot product only after a second pass).
     */
    @Override
    public double orthogonalize(FlatVector w) {
        return orthogonalizeFrom(w, squaredNorm(w));
    }

    /** Spares the dot product for the criterion's {@code ‖w‖} before the projection. */
    @Override
    public double orthogonalize(FlatVector w, double norm) {
        return orthogonalizeFrom(w, norm * norm);
    }

    /** The projection, for {@code w} of squared norm {@code before}. */
    private double orthogonalizeFrom(FlatVector w, double before) {
        int n = size();
        if (n == 0) {
            return Math.sqrt(before);
        }
        // Rows past size() are uninitialized or stale; only the written ones take part.
        try (NDManager step = scope.newSubManager()) {
            NDArray q = rows.get(new NDIndex("0:" + n));
            q.attach(step);
            project(step, q, w);
            double after = squaredNorm(w);
            if (after < 0.5 * before) {
                project(step, q, w);
                after = squaredNorm(w);
            }
            return Math.sqrt(after);
        }
    }

    private static void project(NDManager step, NDArray q, FlatVector w) {
        NDArray coefficients = q.matMul(w.data);
        coefficients.attach(step);
        NDArray projection = coefficients.matMul(q);
        projection.attach(step);
        w.data.subi(projection);
    }

    private static double squaredNorm(FlatVector w) {
        try (NDArray s = w.data.dot(w.data)) {
            return s.getDataType() == DataType.FLOAT64 ? s.getDouble() : s.getFloat();
        }
    }

    @Override
    public void combine(double[] c, FlatVector out) {
        int n = size();
        if (c.length != n) {
            throw new IllegalArgumentException("expected " + n + " coefficients, got " + c.length);
        }
        // c is oldest first; in a full ring the oldest vector sits at row appended % capacity.
        float[] byRow = new float[n];
        int oldest = appended > capacity ? appended % capacity : 0;
        for (int i = 0; i < n; i++) {
            byRow[(oldest + i) % n] = (float) c[i];
        }
        try (NDManager step = scope.newSubManager()) {
            NDArray weights = step.create(byRow).toType(rows.getDataType(), false);
            NDArray q = rows.get(new NDIndex("0:" + n));
            q.attach(step);
            NDArray result = weights.matMul(q);
            out.takeOver(result);
        }
    }

    @Override
    public void close() {
        scope.close();
        if (giveBack != null) {
            giveBack.accept(rows);
        }
    }
}
