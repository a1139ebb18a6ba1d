package io.proxysaas.enforce;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.state.ReplicatedMirror;
import io.proxysaas.access.LockoutCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Strike lockouts shared by every node: the ReplicatedMap {@code lockouts} (username -> until, epoch
 * millis) keeps a full copy on each member, so admission reads local memory. An entry carries a TTL
 * of the lockout's length and is also compared with the clock, so a lockout ends by itself even when
 * the map has not evicted it yet (or the clock is a test's).
 */
public final class LockoutTable implements LockoutCheck, AutoCloseable {

    /** How often the local copy is checked against the replicated map (events keep it current meanwhile). */
    static final long RESYNC_SECONDS = 10;

    static final String MAP = "lockouts";

    /** Read on every admitted socket: a local copy of the replicated map (see {@link ReplicatedMirror}). */
    private final ReplicatedMirror<String, Long> lockouts;
    private final Clock clock;

    public LockoutTable(HazelcastInstance hazelcast, Clock clock) {
        this.lockouts = new ReplicatedMirror<>(hazelcast.getReplicatedMap(MAP), RESYNC_SECONDS);
        this.clock = clock;
    }

    @Override
    public Instant lockedUntil(String username) {
        if (username == null) {
            return null;
        }
        Long until = lockouts.get(username);
        return until == null || until <= clock.millis() ? null : Instant.ofEpochMilli(until);
    }

    /** Locks {@code username} out until {@code until} on every node. */
    public void lock(String username, Instant until) {
        long ttl = Math.max(1, Duration.between(clock.instant(), until).toMillis());
        // a little longer than the lockout: the clock check ends it on time, the TTL only cleans up
        lockouts.put(username, until.toEpochMilli(), ttl + 1_000, TimeUnit.MILLISECONDS);
    }

    /** Lifts a lockout; returns whether one was in force. */
    public boolean unlock(String username) {
        Long until = lockouts.remove(username);
        return until != null && until > clock.millis();
    }

    /** Every lockout in force, by username. */
    public Map<String, Instant> all() {
        long now = clock.millis();
        Map<String, Instant> out = new TreeMap<>();
        lockouts.map().forEach((user, until) -> {
            if (until > now) {
                out.put(user, Instant.ofEpochMilli(until));
            }
        });
        return out;
    }

    @Override
    public void close() {
        lockouts.close();
    }
}
