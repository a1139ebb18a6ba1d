package io.proxysaas.enforce;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.proxysaas.access.ClusterLiveSockets;
import io.proxysaas.access.Kicks;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.Plan;
import io.proxysaas.limits.StrikeClock;
import io.proxysaas.store.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strike system of SPEC §4, one sweep per tick on the cluster leader: feeds each limited
 * customer's cluster-wide live count into a {@link StrikeClock} whose start time lives in the IMap
 * {@code strikes} (so a new leader continues the clock), and on KICK closes the customer's sockets on
 * every node and locks them out. Every start, reset, kick and lockout is audited with its numbers.
 */
public final class StrikeSweep {

    static final String MAP = "strikes";
    static final String ACTOR = "strike-sweep";
    private static final Logger LOG = LoggerFactory.getLogger(StrikeSweep.class);

    private final CustomerDirectory directory;
    private final Supplier<ClusterLiveSockets> live;
    private final Kicks kicks;
    private final LockoutTable lockouts;
    private final AuditTrail audit;
    private final Clock clock;
    private final Duration grace;
    private final Duration lockout;
    private final IMap<String, Long> strikes;
    private final BooleanSupplier leader;

    public StrikeSweep(HazelcastInstance hazelcast, CustomerDirectory directory, Supplier<ClusterLiveSockets> live,
                       Kicks kicks, LockoutTable lockouts, AuditTrail audit, Clock clock, Duration grace,
                       Duration lockout) {
        this(hazelcast, directory, live, kicks, lockouts, audit, clock, grace, lockout, () -> true);
    }

    public StrikeSweep(HazelcastInstance hazelcast, CustomerDirectory directory, Supplier<ClusterLiveSockets> live,
                       Kicks kicks, LockoutTable lockouts, AuditTrail audit, Clock clock, Duration grace,
                       Duration lockout, BooleanSupplier leader) {
        this.leader = leader;
        this.directory = directory;
        this.live = live;
        this.kicks = kicks;
        this.lockouts = lockouts;
        this.audit = audit;
        this.clock = clock;
        this.grace = grace;
        this.lockout = lockout;
        this.strikes = hazelcast.getMap(MAP);
    }

    /** The job's entry point: one pass when this node leads the cluster (bean clusterLeader), else nothing. */
    public void sweepIfLeader() {
        if (leader.getAsBoolean()) {
            sweep();
        }
    }

    /** One pass over every customer. */
    public void sweep() {
        ClusterLiveSockets counts = live.get();
        Instant now = clock.instant();
        Set<String> seen = new HashSet<>();
        for (Customer customer : directory.customers()) {
            seen.add(customer.username());
            long threads = directory.plan(customer.plan()).map(Plan::threads).orElse(0).longValue();
            Long since = strikes.get(customer.username());
            if (threads <= 0 && since == null) {
                continue;
            }
            if (lockouts.lockedUntil(customer.username()) != null) {
                // kicked and refused already; counts lag by a refresh, so they must not start a new strike
                strikes.remove(customer.username());
                continue;
            }
            observe(customer.username(), counts.live(customer.username()), threads, since, now);
        }
        strikes.keySet().stream().filter(u -> !seen.contains(u)).forEach(strikes::remove);
    }

    private void observe(String username, long liveNow, long threads, Long since, Instant now) {
        Instant overSince = since == null ? null : Instant.ofEpochMilli(since);
        StrikeClock strike = new StrikeClock(grace, overSince);
        switch (strike.observe(liveNow, threads, now)) {
            case STRIKE_STARTED -> {
                strikes.put(username, now.toEpochMilli());
                event("strike.start", username, liveNow, threads, now, null,
                        "live %d > threads %d: lockout if it lasts until %s".formatted(liveNow, threads, now.plus(grace)));
            }
            case STRIKE_RESET -> {
                strikes.remove(username);
                event("strike.reset", username, liveNow, threads, overSince, null,
                        "live %d <= threads %d: strike clock reset".formatted(liveNow, threads));
            }
            case KICK -> kickAndLock(username, liveNow, threads, overSince == null ? now : overSince, now);
            case NONE -> {
            }
        }
    }

    private void kickAndLock(String username, long liveNow, long threads, Instant overSince, Instant now) {
        Instant until = now.plus(lockout);
        lockouts.lock(username, until);
        strikes.remove(username);
        kicks.kickCustomer(username, "strike: over " + threads + " threads since " + overSince);
        event("strike.kick", username, liveNow, threads, overSince, null,
                "live %d > threads %d since %s: all sockets closed on every node".formatted(liveNow, threads, overSince));
        event("strike.lockout", username, liveNow, threads, overSince, until,
                "locked out until %s (%s)".formatted(until, lockout));
    }

    /** Forgets a running strike clock (admin unlock); returns whether one was running. */
    public boolean reset(String username) {
        return strikes.remove(username) != null;
    }

    /** When the customer's running strike began, or null. */
    public Instant strikeSince(String username) {
        Long since = strikes.get(username);
        return since == null ? null : Instant.ofEpochMilli(since);
    }

    private void event(String action, String username, long liveNow, long threads, Instant overSince, Instant until,
                       String detail) {
        String numbers = "{\"live_sockets\":%d,\"threads\":%d,\"over_since\":%s,\"until\":%s}".formatted(
                liveNow, threads, quoted(overSince), quoted(until));
        LOG.info("Strike {} {}: {}", action.substring("strike.".length()), username, detail);
        try {
            audit.record(ACTOR, action, username, null, null, numbers, detail);
        } catch (RuntimeException e) {
            // the kick and lockout stand even when the audit database is down; the log line keeps the numbers
            LOG.error("Strike {} {} not audited ({}): {}", action, username, numbers, e.getMessage(), e);
        }
    }

    private static String quoted(Instant t) {
        return t == null ? "null" : "\"" + t + "\"";
    }
}
