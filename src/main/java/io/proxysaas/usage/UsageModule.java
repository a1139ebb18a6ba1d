package io.proxysaas.usage;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.access.ClusterLiveSockets;
import io.proxysaas.access.LiveSockets;
import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.relay.ConnectionRegistry;
import io.proxysaas.relay.RelaySession;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Wires the usage pipeline (SPEC §5): binds {@code usageReporter} (meters every socket of the
 * {@link ConnectionRegistry}), {@code usageLedger} (the Hazelcast counters; also the
 * {@link UsageTotals}) and {@code clusterLiveView} (the {@link ClusterLiveSockets}); the timers and
 * the {@code seda:usage} queue are in {@code routes/usage.yaml}. Needs StoreModule (before
 * StateModule, for the MapStore's DataSource), StateModule, AccessModule and RelayModule installed first.
 */
public final class UsageModule implements Module {

    @Override
    public void install(CamelContext context, Settings settings) throws Exception {
        Registry registry = context.getRegistry();
        HazelcastInstance hazelcast = required(registry, HazelcastInstance.class);
        Clock found = registry.findSingleByType(Clock.class);
        Clock clock = found == null ? Clock.systemUTC() : found;
        ZoneId zone = zone(settings);
        Duration interval = settings.timerPeriod("usage.report-interval", Duration.ofSeconds(1));
        settings.timerPeriod("usage.live-interval", Duration.ofSeconds(1));   // checked: routes/usage.yaml's timer

        UsageReporter reporter = new UsageReporter(clock);
        ConnectionRegistry sockets = registry.findSingleByType(ConnectionRegistry.class);
        if (sockets != null) {
            sockets.addListener(new Metering(reporter));
        }
        UsageLedger ledger = new UsageLedger(hazelcast, clock, zone).start();
        LiveSockets live = required(registry, LiveSockets.class);
        CustomerDirectory directory = required(registry, CustomerDirectory.class);
        ClusterLiveView view = new ClusterLiveView(hazelcast, () -> localCounts(directory, live),
                settings.duration("usage.live-ttl", Duration.ofSeconds(5)));

        registry.bind("usageReporter", UsageReporter.class, reporter);
        registry.bind("usageLedger", UsageLedger.class, ledger);
        registry.bind("clusterLiveView", ClusterLiveSockets.class, view);
        context.addService(new UsageShutdown(reporter, ledger, view,
                settings.duration("usage.shutdown-drain", Duration.ofSeconds(5)), interval), true, true);
    }

    static ZoneId zone(Settings settings) {
        String id = settings.string("usage.time-zone", "UTC");
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new Settings.ConfigException("usage.time-zone", id, "expected a time zone id like UTC or Europe/Berlin");
        }
    }

    /** Exact per-customer counts of this node, from admission's own bookkeeping. */
    private static Map<String, Integer> localCounts(CustomerDirectory directory, LiveSockets live) {
        Map<String, Integer> counts = new HashMap<>();
        directory.customers().forEach(c -> {
            int n = live.total(c.username());
            if (n > 0) {
                counts.put(c.username(), n);
            }
        });
        return counts;
    }

    private static <T> T required(Registry registry, Class<T> type) {
        T bean = registry.findSingleByType(type);
        if (bean == null) {
            throw new IllegalStateException("UsageModule needs a " + type.getSimpleName()
                    + " bean in the registry: install its module (Store, State, Access, Relay) before UsageModule");
        }
        return bean;
    }

    /** Hands the relay's admitted sockets to the reporter (runs on their event loop). */
    private record Metering(UsageReporter reporter) implements ConnectionRegistry.Listener {
        @Override
        public void added(RelaySession s) {
            reporter.opened(s, s.username(), s.port(), s::bytesIn, s::bytesOut);
        }

        @Override
        public void removed(RelaySession s) {
            reporter.closed(s);
        }
    }
}
