package dev.lla.core.hesd;

import dev.lla.core.spectrum.LinearOperator;
import java.util.function.LongConsumer;

/**
 * Counts the products an operator computes and the time spent in them, and tells a listener the
 * count after each product (for progress by products, the unit a run's cost is in).
 */
final class CountingOperator<V> implements LinearOperator<V> {

    private final LinearOperator<V> inner;
    private long products;
    private long nanos;
    private LongConsumer listener = n -> {};

    CountingOperator(LinearOperator<V> inner) {
        this.inner = inner;
    }

    @Override
    public void apply(V x, V out) {
        long start = System.nanoTime();
        inner.apply(x, out);
        nanos += System.nanoTime() - start;
        products++;
        listener.accept(products);
    }

    /** After each product, {@code listener} gets the count so far; {@code null} stops it. */
    void listen(LongConsumer listener) {
        this.listener = listener == null ? n -> {} : listener;
    }

    long products() {
        return products;
    }

    long nanos() {
        return nanos;
    }
}
