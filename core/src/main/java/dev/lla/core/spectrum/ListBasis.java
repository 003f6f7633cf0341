package dev.lla.core.spectrum;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Basis} that keeps each vector as its own vector of a {@link VectorSpace} and projects
 * with the space's {@code dot} and {@code axpy}, so it works on any space.
 *
 * <p>Vectors are allocated from the space on first use, up to the capacity, and then reused as a
 * ring: once full, an append overwrites the oldest vector's storage. {@link #orthogonalize} costs
 * {@code 2·size()} dot products and {@code 2·size()} axpys (classical Gram-Schmidt, twice: Giraud,
 * Langou, Rozložník, "The loss of orthogonality in the Gram-Schmidt orthogonalization process",
 * Comput. Math. Appl. 50 (2005)) and one more dot product for the norm it returns; {@link
 * #combine} costs {@code size()} axpys.
 *
 * @param <V> the vector type
 */
public final class ListBasis<V> implements Basis<V> {

    private final VectorSpace<V> space;
    private final int capacity;

    /** Ring storage: the oldest held vector is {@code slots.get(oldest)}. */
    private final List<V> slots;

    /** Gram-Schmidt coefficients, allocated once so that a projection allocates nothing. */
    private final double[] coefficients;

    private int oldest;
    private int size;
    private int appended;
    private boolean closed;

    /** An empty basis of at most {@code capacity ≥ 1} vectors of {@code space}. */
    public ListBasis(VectorSpace<V> space, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(
                    "basis capacity must be at least 1, got " + capacity);
        }
        this.space = space;
        this.capacity = capacity;
        this.slots = new ArrayList<>(Math.min(capacity, 1024));
        this.coefficients = new double[capacity];
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int appended() {
        return appended;
    }

    @Override
    public void append(V x) {
        requireOpen();
        if (size < capacity) {
            int slot = (oldest + size) % capacity;
            if (slot == slots.size()) {
                slots.add(space.zeros());
            }
            space.copy(x, slots.get(slot));
            size++;
        } else {
            space.copy(x, slots.get(oldest));
            oldest = (oldest + 1) % capacity;
        }
        appended++;
    }

    @Override
    public double orthogonalize(V w) {
        requireOpen();
        for (int pass = 0; pass < 2; pass++) {
            // Classical: every coefficient from the same w, then all updates.
            for (int i = 0; i < size; i++) {
                coefficients[i] = space.dot(held(i), w);
            }
            for (int i = 0; i < size; i++) {
                space.axpy(-coefficients[i], held(i), w);
            }
        }
        return space.norm(w);
    }

    @Override
    public void combine(double[] c, V out) {
        requireOpen();
        if (c.length != size) {
            throw new IllegalArgumentException(
                    c.length + " coefficients for a basis of " + size + " vectors");
        }
        if (size == 0) {
            space.scale(0.0, out);
            return;
        }
        // Copy-then-scale instead of zeroing out, so stale non-finite entries of out cannot leak.
        space.copy(held(0), out);
        space.scale(c[0], out);
        for (int i = 1; i < size; i++) {
            space.axpy(c[i], held(i), out);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (V slot : slots) {
            space.release(slot);
        }
        slots.clear();
        size = 0;
    }

    /** The i-th held vector, oldest first. */
    private V held(int i) {
        return slots.get((oldest + i) % capacity);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("basis is closed");
        }
    }
}
