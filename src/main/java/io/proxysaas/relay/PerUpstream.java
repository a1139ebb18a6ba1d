package io.proxysaas.relay;

import io.proxysaas.pool.Upstream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A value derived from a pool line (its parsed address, its Basic header), made once rather than per
 * tunnel. Bounded: pool reloads leave old lines behind, so past {@code max} entries it starts over
 * rather than grow.
 */
final class PerUpstream<V> {

    private final int max;
    private final Function<Upstream, V> make;
    private final Map<Upstream, V> values = new ConcurrentHashMap<>();

    PerUpstream(int max, Function<Upstream, V> make) {
        this.max = max;
        this.make = make;
    }

    V get(Upstream upstream) {
        V value = values.get(upstream);
        if (value == null) {
            if (values.size() >= max) {
                values.clear();
            }
            value = make.apply(upstream);
            values.put(upstream, value);
        }
        return value;
    }

    int size() {
        return values.size();
    }
}
