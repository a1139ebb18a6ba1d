package io.proxysaas.state;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain local map following a Hazelcast ReplicatedMap, for reads on the data plane: a
 * ReplicatedMap get serialises the key to find its partition (and isEmpty walks all 271
 * partitions), which every admitted socket paid twice (IP blocks, lockouts). Entry events keep the
 * copy current; this node's own writes go through {@link #put}/{@link #remove} and reach the copy at
 * once (no window after an admin unlock); a full resync every {@code resyncSeconds} repairs anything
 * an event could have missed (a member restart or merge). Reads may lag another node's write by the
 * event delivery time, as the replicated map's own copies do.
 */
public final class ReplicatedMirror<K, V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedMirror.class);
    private static final ScheduledExecutorService RESYNC = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replicated-mirror-resync");
        t.setDaemon(true);
        return t;
    });

    private final ReplicatedMap<K, V> map;
    private final ConcurrentHashMap<K, V> local = new ConcurrentHashMap<>();
    private final UUID listener;
    private volatile ScheduledFuture<?> resync;

    public ReplicatedMirror(ReplicatedMap<K, V> map, long resyncSeconds) {
        this.map = map;
        this.listener = map.addEntryListener(new Follow());
        resync();
        this.resync = RESYNC.scheduleWithFixedDelay(this::resyncQuietly, resyncSeconds, resyncSeconds, TimeUnit.SECONDS);
    }

    /** The local copy's value; no Hazelcast call. */
    public V get(K key) {
        return local.isEmpty() ? null : local.get(key);
    }

    public void put(K key, V value, long ttl, TimeUnit unit) {
        map.put(key, value, ttl, unit);
        local.put(key, value);
    }

    public V remove(K key) {
        V old = map.remove(key);
        local.remove(key);
        return old;
    }

    /** The replicated map itself, for listings and listeners. */
    public ReplicatedMap<K, V> map() {
        return map;
    }

    /** Makes the copy equal to the replicated map's local entries now. */
    public void resync() {
        Map<K, V> now = new HashMap<>();
        map.forEach(now::put);
        local.keySet().retainAll(now.keySet());
        local.putAll(now);
    }

    private void resyncQuietly() {
        try {
            resync();
        } catch (HazelcastInstanceNotActiveException e) {
            close(); // the member stopped: nothing left to follow
        } catch (RuntimeException e) {
            LOG.debug("resync of {} skipped: {}", map.getName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> task = resync;
        if (task != null) {
            task.cancel(false);
        }
        try {
            map.removeEntryListener(listener);
        } catch (RuntimeException e) {
            LOG.debug("{} listener not removed (member already stopped): {}", map.getName(), e.getMessage());
        }
    }

    private final class Follow implements EntryListener<K, V> {
        @Override
        public void entryAdded(EntryEvent<K, V> event) {
            local.put(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<K, V> event) {
            local.put(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<K, V> event) {
            local.remove(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<K, V> event) {
            local.remove(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<K, V> event) {
            local.remove(event.getKey());
        }

        @Override
        public void mapCleared(MapEvent event) {
            local.clear();
        }

        @Override
        public void mapEvicted(MapEvent event) {
            local.clear();
        }
    }
}
