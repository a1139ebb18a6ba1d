package io.proxysaas.access;

import java.util.function.Supplier;

/**
 * A bean another module may bind after this one was installed: looked up by type when first
 * needed, kept once found, and until then the fallback is used with a new look-up at most once
 * per second (a registry scan per socket would cost more than the admission itself).
 */
final class LateBean<T> implements Supplier<T> {

    private static final long RETRY_NANOS = 1_000_000_000L;

    private final Supplier<T> lookup;
    private final T fallback;
    private volatile T found;
    private volatile long nextLookup;

    LateBean(Supplier<T> lookup, T fallback) {
        this.lookup = lookup;
        this.fallback = fallback;
        this.nextLookup = System.nanoTime();
    }

    @Override
    public T get() {
        T bean = found;
        if (bean != null) {
            return bean;
        }
        long now = System.nanoTime();
        if (now - nextLookup < 0) {
            return fallback;
        }
        nextLookup = now + RETRY_NANOS;
        bean = lookup.get();
        if (bean == null) {
            return fallback;
        }
        found = bean;
        return bean;
    }
}
