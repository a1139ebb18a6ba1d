package io.proxysaas.usage;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.proxysaas.limits.BillingPeriod;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide usage counters: applies each {@link UsageBatch} to the Hazelcast maps
 * {@code usage} and {@code port_usage} with one entry-processor call per customer and per port,
 * and keeps a local copy of {@code usage} (followed through an entry listener, in key order) so that
 * {@link UsageTotals#bytesUsed} and the usage endpoints never cost a network round trip.
 */
public final class UsageLedger implements UsageTotals, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);
    private static final long APPLY_TIMEOUT_SECONDS = 30;

    private final IMap<String, CustomerUsage> usage;
    private final IMap<Integer, PortUsage> ports;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, CustomerUsage> local = new ConcurrentHashMap<>();
    private final RateMeter rates;
    private UUID listener;

    public UsageLedger(HazelcastInstance hazelcast, Clock clock, ZoneId zone) {
        UsageMaps.ensure(hazelcast);
        this.usage = hazelcast.getMap(UsageMaps.USAGE);
        this.ports = hazelcast.getMap(UsageMaps.PORT_USAGE);
        this.clock = clock;
        this.zone = zone;
        this.rates = new RateMeter(clock);
    }

    /** Follows the map from now on, then fills the copy with what is there (events already seen win). */
    public synchronized UsageLedger start() {
        if (listener == null) {
            listener = usage.addEntryListener(new Follower(), true);
            usage.entrySet().forEach(e -> local.putIfAbsent(e.getKey(), e.getValue()));
        }
        return this;
    }

    /** The route's step: one call per customer and per port, all in flight at once, awaited together. */
    public void apply(UsageBatch batch) throws InterruptedException {
        if (!batch.isEmpty()) {
            String period = periodAt(batch);
            List<CompletableFuture<?>> calls = new ArrayList<>(batch.customers().size() + batch.ports().size());
            batch.customers().forEach((username, d) -> calls.add(usage.submitToKey(username,
                    new UsageIncrement(period, d.bytesIn(), d.bytesOut(), d.connections())).toCompletableFuture()));
            batch.ports().forEach((port, d) -> calls.add(ports.submitToKey(port,
                    new PortIncrement(period, d.bytesIn(), d.bytesOut())).toCompletableFuture()));
            await(batch, calls);
        }
        rates.roll(local);
    }

    private String periodAt(UsageBatch batch) {
        return BillingPeriod.calendarMonth(batch.at(), zone).key();
    }

    private static void await(UsageBatch batch, List<CompletableFuture<?>> calls) throws InterruptedException {
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(APPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            long failed = calls.stream().filter(f -> !f.isDone() || f.isCompletedExceptionally()).count();
            // not retried: a retry of the calls that did succeed would count their bytes twice
            LOG.error("Usage batch of {} partly not applied to Hazelcast ({} of {} calls failed); these deltas are lost: {}",
                    batch.at(), failed, calls.size(), batch, e);
        }
    }

    /** The current period's key in the configured time zone. */
    public String currentPeriod() {
        return BillingPeriod.calendarMonth(clock.instant(), zone).key();
    }

    /** A customer's counters of the current period (zeros when the last traffic was in an earlier period). */
    public CustomerUsage current(String username) {
        String period = currentPeriod();
        CustomerUsage u = username == null ? null : local.get(username);
        return u == null || u.period().compareTo(period) < 0 ? new CustomerUsage(period, 0, 0, 0) : u;
    }

    @Override
    public long bytesUsed(String username) {
        return current(username).bytesUsed();
    }

    /** Cluster-wide bytes per second over the last report interval (both directions). */
    public long rateBps(String username) {
        return rates.rate(username);
    }

    /** A port's counters as stored now (a network read: for the admin API, not the data plane). */
    public Optional<PortUsage> port(int port) {
        return Optional.ofNullable(ports.get(port));
    }

    /** The local copy as it stands, for the admin API. */
    public Map<String, CustomerUsage> snapshot() {
        return Map.copyOf(local);
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            try {
                usage.removeEntryListener(listener);
            } catch (RuntimeException e) {
                LOG.debug("usage listener not removed (member stopping): {}", e.getMessage());
            }
            listener = null;
        }
    }

    /** Applies every change of {@code usage}, made on any member, to the local copy. */
    private final class Follower implements EntryAddedListener<String, CustomerUsage>, EntryUpdatedListener<String, CustomerUsage>,
            EntryRemovedListener<String, CustomerUsage>, EntryEvictedListener<String, CustomerUsage>,
            EntryExpiredListener<String, CustomerUsage> {

        @Override
        public void entryAdded(EntryEvent<String, CustomerUsage> event) {
            local.put(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, CustomerUsage> event) {
            local.put(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, CustomerUsage> event) {
            local.remove(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, CustomerUsage> event) {
            local.remove(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, CustomerUsage> event) {
            local.remove(event.getKey());
        }
    }
}
