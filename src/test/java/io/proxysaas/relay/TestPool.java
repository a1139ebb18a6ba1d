package io.proxysaas.relay;

import io.proxysaas.pool.PoolEntry;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamHealth;
import io.proxysaas.pool.UpstreamPool;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** In-test pool: a map from (logical) port to upstream that records every reported outcome. */
final class TestPool implements UpstreamPool {

    final Map<Integer, PoolEntry> entries = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Integer> successes = new ConcurrentLinkedQueue<>();

    void put(int port, Upstream upstream) {
        entries.put(port, new PoolEntry(port, port, upstream));
    }

    @Override
    public Optional<PoolEntry> entry(int port) {
        return Optional.ofNullable(entries.get(port));
    }

    @Override
    public Collection<PoolEntry> entries() {
        return entries.values();
    }

    @Override
    public UpstreamHealth health(int port) {
        return UpstreamHealth.UNKNOWN;
    }

    @Override
    public void reportSuccess(int port, long latencyMs) {
        successes.add(port);
    }

    @Override
    public void reportFailure(int port, String error) {
        failures.add(port + ": " + error);
    }

    @Override
    public boolean isBound(int port) {
        return true;
    }
}
