package dev.lla.core.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lla.core.spectrum.Basis;
import dev.lla.core.spectrum.RademacherSigns;
import dev.lla.core.spectrum.VectorSpace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * Parameter vectors as flat tensors on the device. Each operation is one or two libtorch calls on
 * the whole vector, whatever the number of parameter tensors; only scalars (dot products) cross to
 * the host.
 */
final class FlatParameterSpace implements VectorSpace<FlatVector> {

    private final NDManager manager;
    private final long dimension;
    private final DataType dataType;
    /** Runs the fused operations that DJL's NDArray lacks ({@link #axpy}). */
    private final AutogradHelper helper;
    /** The shared basis block ({@link #reserveBasis}), null until a basis first needs it. */
    private NDArray spareBlock;
    private int reservedRows;
    /** Whether a basis holds the shared block now; a second basis meanwhile gets its own. */
    private boolean blockLent;
    /**
     * Released vectors' tensors, which {@link #zeros} hands out again. Every SLQ run, search and
     * trace takes its work vectors and gives them back; freeing them instead let small
     * allocations settle in the freed P-sized blocks, so the next ones came from fresh memory:
     * on ResNet18 the resident set grew by 0.65 GB over 40 runs (issue 14). At most {@link
     * #RELEASED_KEPT} are kept, the work vectors that the memory plan counts.
     */
    private final ArrayDeque<NDArray> released = new ArrayDeque<>();
    private static final int RELEASED_KEPT = 8;
    /**
     * Host staging for {@link #fillRademacher}, null until the first start vector. The signs come
     * from the seed's {@link SplittableRandom} stream on the host, so that a seed gives the same
     * vectors on every device; they cross to the device a chunk at a time.
     */
    private ByteBuffer probeStaging;
    private static final int STAGING_ENTRIES = 1 << 20;

    /** Vectors are allocated in {@code manager}, which must outlive them, as must {@code helper}. */
    FlatParameterSpace(NDManager manager, long dimension, DataType dataType, AutogradHelper helper) {
        this.manager = manager;
        this.dimension = dimension;
        this.dataType = dataType;
        this.helper = helper;
    }

    DataType dataType() {
        return dataType;
    }

    @Override
    public long dimension() {
        return dimension;
    }

    @Override
    public synchronized FlatVector zeros() {
        NDArray reused = released.pollLast();
        if (reused == null) {
            return new FlatVector(manager.zeros(new Shape(dimension), dataType), true);
        }
        try (NDArray zero = manager.zeros(new Shape(1), dataType)) {
            assign(reused, zero); // broadcast: one pass that writes P zeros
        }
        return new FlatVector(reused, true);
    }

    /** A new vector holding {@code values} (one host-to-device copy; for tests and file input). */
    FlatVector fromHost(float[] values) {
        if (values.length != dimension) {
            throw new IllegalArgumentException("expected " + dimension + " values, got " + values.length);
        }
        NDArray data = manager.create(values);
        return new FlatVector(dataType == DataType.FLOAT32 ? data : swapType(data));
    }

    /** The vector's values on the host (one device-to-host copy; for tests and file output). */
    float[] toHost(FlatVector x) {
        if (x.data.getDataType() == DataType.FLOAT32) {
            return x.data.toFloatArray();
        }
        try (NDArray single = x.data.toType(DataType.FLOAT32, true)) {
            return single.toFloatArray();
        }
    }

    private NDArray swapType(NDArray data) {
        NDArray converted = data.toType(dataType, true);
        data.close();
        return converted;
    }

    @Override
    public double dot(FlatVector x, FlatVector y) {
        try (NDArray product = x.data.dot(y.data)) {
            return dataType == DataType.FLOAT64 ? product.getDouble() : product.getFloat();
        }
    }

    @Override
    public void axpy(double a, FlatVector x, FlatVector y) {
        // One pass, y.add_(x, alpha=a): reads 2P and writes P numbers, where a·x into a scratch
        // buffer and then y += scratch moved 7P (issue 14: these operations are memory-bound).
        // It rounds once per entry (a fused multiply-add) instead of twice.
        helper.axpy(manager, a, x.data, y.data);
    }

    @Override
    public void scale(double a, FlatVector x) {
        x.data.muli(a);
    }

    @Override
    public void copy(FlatVector src, FlatVector dst) {
        if (src != dst) {
            assign(dst.data, src.data);
        }
    }

    /** {@code target ← source} in place, for flat tensors of the same length. */
    static void assign(NDArray target, NDArray source) {
        TorchScriptModel.assign(target, source);
    }

    @Override
    public synchronized void fillRademacher(FlatVector x, SplittableRandom random) {
        int bytesPerEntry = dataType == DataType.FLOAT64 ? 8 : 4;
        if (probeStaging == null) {
            probeStaging = ByteBuffer.allocateDirect(STAGING_ENTRIES * bytesPerEntry).order(ByteOrder.nativeOrder());
        }
        for (long offset = 0; offset < dimension; offset += STAGING_ENTRIES) {
            int n = (int) Math.min(STAGING_ENTRIES, dimension - offset);
            if (dataType == DataType.FLOAT64) {
                RademacherSigns.fill(probeStaging.asDoubleBuffer(), n, random);
            } else {
                RademacherSigns.fill(probeStaging.asFloatBuffer(), n, random);
            }
            // On the CPU, create() wraps the direct buffer without copying it, and the chunk is
            // copied into x in place: no P-sized tensor is made per start vector. On a GPU,
            // create() is the chunk's host-to-device copy.
            ByteBuffer filled = probeStaging.slice(0, n * bytesPerEntry).order(ByteOrder.nativeOrder());
            try (NDArray chunk = manager.create(filled, new Shape(n), dataType)) {
                TorchScriptModel.assignRange(x.data, offset, chunk);
            }
        }
    }

    @Override
    public synchronized Basis<FlatVector> newBasis(int capacity) {
        if (!blockLent && capacity <= reservedRows) {
            if (spareBlock != null && spareBlock.getShape().get(0) < reservedRows) {
                spareBlock.close(); // reserved for more rows while it was lent
                spareBlock = null;
            }
            if (spareBlock == null) {
                // Made on first use, so a run whose pieces are all finished (resume, pooling) holds none.
                spareBlock = manager.create(new Shape(reservedRows, dimension), dataType);
            }
            blockLent = true;
            return MatrixBasis.inLentBlock(manager, capacity, spareBlock, this::returned);
        }
        return MatrixBasis.owning(manager, capacity, dimension, dataType);
    }

    private synchronized void returned(NDArray block) {
        blockLent = false;
    }

    /**
     * Later bases of up to {@code capacity} rows borrow one block of the most rows reserved so
     * far, made when the first of them opens; a smaller block already made is freed first, so
     * that the two are never both held.
     */
    @Override
    public synchronized void reserveBasis(int capacity) {
        if (capacity <= reservedRows) {
            return;
        }
        reservedRows = capacity;
        if (spareBlock != null && !blockLent) {
            spareBlock.close();
            spareBlock = null;
        }
    }

    @Override
    public synchronized void release(FlatVector x) {
        if (x.reusable && released.size() < RELEASED_KEPT && x.data.getShape().size() == dimension
                && x.data.getDataType() == dataType) {
            released.addLast(x.data);
        } else {
            x.data.close();
        }
    }

    /** How many released vectors' tensors are kept for {@link #zeros} now. */
    synchronized int releasedKept() {
        return released.size();
    }

    @Override
    public double unitRoundoff() {
        return dataType == DataType.FLOAT64 ? 0x1p-53 : 0x1p-24;
    }
}
