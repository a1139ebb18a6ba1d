package io.proxysaas.enforce;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.proxysaas.state.ReplicatedMirror;
import io.proxysaas.access.HostAddresses;
import io.proxysaas.access.IpBlocklist;
import io.proxysaas.access.RefusalReason;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-IP gate of admission and of the APIs (SPEC §4): admin {@link IpBans} -> IP_BANNED, then
 * brute-force blocks -> IP_BLOCKED. Failures count cluster-wide: each node counts its own
 * ({@link FailureCounter}; N on one node block at once) and publishes them in batches
 * ({@link ClusterFailures}; N across the cluster block within a publish interval). A block goes into the
 * ReplicatedMap {@code ip-blocks} (ip -> until, with a TTL), so every node refuses the IP from local
 * memory until it ends by itself or is lifted; a block beginning or lifted restarts every node's count.
 */
public final class BruteForceBlocklist implements IpBlocklist, AutoCloseable {

    static final String MAP = "ip-blocks";
    static final Logger SECURITY = LoggerFactory.getLogger("proxysaas.security");

    private final IpBans bans;
    private final FailureCounter counter;
    /** Read on every socket: a local copy of {@code ip-blocks} (see {@link ReplicatedMirror}). */
    private final ReplicatedMirror<String, Long> blocks;
    private final Duration blockFor;
    private final Clock clock;
    private final int urgentAt;
    private final ClusterFailures cluster;
    private final UUID follower;

    /** @param publishEvery how often this node's failures go to the cluster-wide count */
    BruteForceBlocklist(HazelcastInstance hazelcast, IpBans bans, FailureCounter counter, int maxTracked,
                        Duration publishEvery, Duration blockFor, Clock clock) {
        this.bans = bans;
        this.counter = counter;
        ReplicatedMap<String, Long> shared = hazelcast.getReplicatedMap(MAP);
        this.blocks = new ReplicatedMirror<>(shared, LockoutTable.RESYNC_SECONDS);
        this.blockFor = blockFor;
        this.clock = clock;
        // half of the limit seen here: the rest may already be counted elsewhere, so do not wait for the tick
        this.urgentAt = Math.max(1, (counter.maxFailures() + 1) / 2);
        this.cluster = new ClusterFailures(hazelcast.getMap(ClusterFailures.MAP), counter, maxTracked, publishEvery,
                clock, this::block);
        this.follower = shared.addEntryListener(new CountRestart());
    }

    @Override
    public RefusalReason check(InetAddress clientIp) {
        if (bans.banned(clientIp).isPresent()) {
            return RefusalReason.IP_BANNED;
        }
        return blockedUntil(HostAddresses.text(clientIp)) != null ? RefusalReason.IP_BLOCKED : null;
    }

    @Override
    public void authFailed(InetAddress clientIp) {
        String ip = HostAddresses.text(clientIp);
        if (blockedUntil(ip) != null) {
            return; // refused before its credentials are even looked at; nothing more to learn
        }
        SECURITY.info("Failed authentication from {}", ip);
        FailureWindow.Tally here = counter.failed(ip);
        if (here.reached()) {
            block(ip);
            cluster.clearAsync(ip);
        } else {
            cluster.record(ip, clock.millis(), here.count() >= urgentAt);
        }
    }

    /** Blocks {@code ip} on every node (this node's or the cluster's count reached the limit). */
    private void block(String ip) {
        Instant until = clock.instant().plus(blockFor);
        blocks.put(ip, until.toEpochMilli(), blockFor.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        SECURITY.warn("Blocked {} until {}: too many failed authentications", ip, until);
    }

    /** Failures of {@code ip} inside the window across the cluster, as published so far (a remote read). */
    int clusterFailures(String ip) {
        return cluster.count(ip);
    }

    /** Until when {@code ip} (textual, as {@link InetAddress#getHostAddress()}) is blocked, or null. */
    public Instant blockedUntil(String ip) {
        Long until = blocks.get(ip);
        return until == null || until <= clock.millis() ? null : Instant.ofEpochMilli(until);
    }

    /** Lifts a brute-force block on every node and starts the IP's count again everywhere; returns whether one was in force. */
    public boolean unblock(String ip) {
        counter.forget(ip);
        cluster.clear(ip);
        Long until = blocks.remove(ip);
        boolean lifted = until != null && until > clock.millis();
        if (lifted) {
            SECURITY.info("Brute-force block of {} lifted", ip);
        }
        return lifted;
    }

    /** Every block in force, by IP. */
    public Map<String, Instant> blocks() {
        long now = clock.millis();
        Map<String, Instant> out = new TreeMap<>();
        blocks.map().forEach((ip, until) -> {
            if (until > now) {
                out.put(ip, Instant.ofEpochMilli(until));
            }
        });
        return out;
    }

    public IpBans bans() {
        return bans;
    }

    @Override
    public void close() {
        cluster.close();
        blocks.close();
        try {
            blocks.map().removeEntryListener(follower);
        } catch (RuntimeException e) {
            SECURITY.debug("ip-blocks listener not removed (member already stopped): {}", e.getMessage());
        }
    }

    /** A block began or was lifted (on any node): this node's failures of that IP count no more. */
    private final class CountRestart implements EntryListener<String, Long> {
        @Override
        public void entryAdded(EntryEvent<String, Long> event) {
            forget(event.getKey());
        }

        @Override
        public void entryUpdated(EntryEvent<String, Long> event) {
            forget(event.getKey());
        }

        @Override
        public void entryRemoved(EntryEvent<String, Long> event) {
            forget(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, Long> event) {
        }

        @Override
        public void entryExpired(EntryEvent<String, Long> event) {
        }

        @Override
        public void mapCleared(MapEvent event) {
        }

        @Override
        public void mapEvicted(MapEvent event) {
        }

        private void forget(String ip) {
            counter.forget(ip);
            cluster.forgetPending(ip);
        }
    }
}
