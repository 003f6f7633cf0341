package dev.lla.core.hesd;

import dev.lla.core.spectrum.LinearOperator;

/** Counts the products an operator computes and the time spent in them. */
final class CountingOperator<V> implements LinearOperator<V> {

    private final LinearOperator<V> inner;
    private long products;
    private long nanos;

    CountingOperator(LinearOperator<V> inner) {
        this.inner = inner;
    }

    @Override
    public void apply(V x, V out) {
        long start = System.nanoTime();
        inner.apply(x, out);
        nanos += System.nanoTime() - start;
        products++;
    }

    long products() {
        return products;
    }

    long nanos() {
        return nanos;
    }
}
