package io.proxysaas.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * The pool held in memory: an immutable port -> entry snapshot swapped on each reload (readers on
 * the data plane never lock) and the last health report per port. Health is forgotten when a
 * port's upstream changes: the new upstream starts {@link UpstreamHealth#UNKNOWN}.
 */
public final class InMemoryUpstreamPool implements UpstreamPool {

    /** A healthy upstream's record is renewed by a success at most this often (failures always count). */
    static final Duration SUCCESS_REFRESH = Duration.ofSeconds(1);

    private final IntPredicate bound;
    private final Clock clock;
    private volatile Map<Integer, PoolEntry> byPort = Map.of();
    private final Map<Integer, UpstreamHealth> health = new ConcurrentHashMap<>();

    public InMemoryUpstreamPool(IntPredicate bound, Clock clock) {
        this.bound = bound;
        this.clock = clock;
    }

    /** Sets or removes (when {@code entry} is null) one port. */
    public void put(int port, PoolEntry entry) {
        Map<Integer, PoolEntry> one = new HashMap<>();
        one.put(port, entry);
        putAll(one);
    }

    /**
     * Sets or removes (null values) many ports in one new snapshot: a reload applies its whole diff
     * at once, since copying the snapshot per port made loading 1,000 lines quadratic.
     */
    public synchronized void putAll(Map<Integer, PoolEntry> changes) {
        TreeMap<Integer, PoolEntry> next = new TreeMap<>(byPort);
        changes.forEach((port, entry) -> {
            PoolEntry old = entry == null ? next.remove(port) : next.put(port, entry);
            if (!sameUpstream(old, entry)) {
                health.remove(port);
            }
        });
        byPort = Collections.unmodifiableMap(next);
    }

    private static boolean sameUpstream(PoolEntry a, PoolEntry b) {
        return a != null && b != null && a.upstream().equals(b.upstream());
    }

    @Override
    public Optional<PoolEntry> entry(int port) {
        return Optional.ofNullable(byPort.get(port));
    }

    @Override
    public Collection<PoolEntry> entries() {
        return byPort.values();
    }

    @Override
    public UpstreamHealth health(int port) {
        return health.getOrDefault(port, UpstreamHealth.UNKNOWN);
    }

    @Override
    public void reportSuccess(int port, long latencyMs) {
        Instant now = clock.instant();
        UpstreamHealth last = health.get(port);
        if (last != null && last.healthy() && last.checkedAt() != null
                && now.isBefore(last.checkedAt().plus(SUCCESS_REFRESH))) {
            return; // every tunnel reports: a success within the last second is news enough (no record per tunnel)
        }
        if (byPort.containsKey(port)) {
            health.put(port, new UpstreamHealth(true, latencyMs, now, null));
        }
    }

    @Override
    public void reportFailure(int port, String error) {
        if (byPort.containsKey(port)) {
            health.put(port, new UpstreamHealth(false, -1, clock.instant(), error));
        }
    }

    @Override
    public boolean isBound(int port) {
        return byPort.containsKey(port) && bound.test(port);
    }
}
