package io.proxysaas.quota;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.access.QuotaCheck;
import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.relay.ConnectionRegistry;
import io.proxysaas.relay.RelaySession;
import io.proxysaas.state.ClusterLeader;
import io.proxysaas.store.AuditTrail;
import io.proxysaas.usage.UsageTotals;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Wires quota and expiry enforcement: the cluster ledger and this node's leases (installed into the
 * relay's {@link ConnectionRegistry} as per-socket budgets), {@code quotaCheck} for admission, and the
 * beans the routes in {@code routes/quota.yaml} and {@code routes/notify.yaml} call:
 * {@code expirySweep}, {@code periodReset}, {@code alertCheck}, {@code alertAudit}; {@code quotaAdmin}
 * for the admin API; sets {@code quota.enabled} (starts those routes). Unspent leases go back to the
 * ledger {@code quota.return-linger} after a customer's last socket here closed, and when the member
 * shuts down. Install after the store, state and relay modules.
 */
public final class QuotaModule implements Module {

    @Override
    public void install(CamelContext context, Settings settings) throws Exception {
        Registry registry = context.getRegistry();
        Clock found = registry.findSingleByType(Clock.class);
        Clock clock = found == null ? Clock.systemUTC() : found;
        HazelcastInstance hazelcast = required(registry, HazelcastInstance.class, "install the state module first");
        CustomerDirectory directory = required(registry, CustomerDirectory.class, "install the state module first");
        ConnectionRegistry connections = required(registry, ConnectionRegistry.class, "install the relay module first");
        DataSource dataSource = required(registry, DataSource.class, "install the store module first");
        AuditTrail audit = required(registry, AuditTrail.class, "install the store module first");
        ClusterLeader leader = required(registry, ClusterLeader.class, "install the state module first");
        Supplier<UsageTotals> usage = () -> {
            UsageTotals bean = registry.findSingleByType(UsageTotals.class);
            return bean == null ? UsageTotals.NONE : bean;
        };

        long slice = settings.longValue("quota.slice-bytes", 262_144);
        if (slice < 1024 || slice > 1_048_576) {
            throw new Settings.ConfigException("quota.slice-bytes", String.valueOf(slice),
                    "expected 1024..1048576: a node may overshoot the quota by less than 1 MiB");
        }
        Duration linger = settings.duration("quota.return-linger", Duration.ofSeconds(2));
        settings.timerPeriod("quota.expiry-sweep", Duration.ofSeconds(1));   // checked: routes/quota.yaml's timer
        QuotaPeriods periods = QuotaPeriods.from(settings, clock);
        QuotaLedger ledger = new QuotaLedger(hazelcast.getMap(QuotaLedger.MAP));
        LedgerView view = new LedgerView();
        ExecutorService lookups = Executors.newFixedThreadPool(2, daemon("quota-usage-lookup"));
        ScheduledExecutorService expiryTimer = Executors.newSingleThreadScheduledExecutor(daemon("quota-expiry"));
        ScheduledExecutorService returnTimer = Executors.newSingleThreadScheduledExecutor(daemon("quota-lease-return"));
        context.addService(new Shutdown(lookups, expiryTimer, returnTimer), true, true);

        LocalLeases leases = new LocalLeases(ledger, view, periods, usage, slice, lookups,
                new LeaseReturns(ledger, connections::liveForCustomer, returnTimer, linger));
        ledger.listen((username, line) -> {
            view.update(username, line);
            leases.lineChanged(username, line);
        }, view::clear);
        connections.useBudgets(leases);
        connections.addListener(new ConnectionRegistry.Listener() {
            @Override
            public void added(RelaySession session) {
            }

            @Override
            public void removed(RelaySession session) {
                leases.socketClosed(session.username());
            }
        });
        leases.returnAllOnShutdown(hazelcast.getLifecycleService(), Duration.ofSeconds(5));
        registry.bind("quotaLedger", QuotaLedger.class, ledger);
        registry.bind("quotaCheck", QuotaCheck.class, new LedgerQuotaCheck(directory, view, leases, clock));
        registry.bind("expirySweep", ExpirySweep.class, new ExpirySweep(connections, directory, clock, expiryTimer));
        registry.bind("periodReset", PeriodReset.class,
                new PeriodReset(ledger, new UsageArchive(dataSource, clock), directory, periods, leader, clock));
        registry.bind("alertCheck", AlertCheck.class, new AlertCheck(directory, usage, view, periods,
                new JdbcSentAlerts(dataSource, clock), leader, clock));
        registry.bind("alertAudit", AlertAudit.class, new AlertAudit(audit));
        registry.bind("quotaAdmin", QuotaAdmin.class, new LedgerQuotaAdmin(ledger, directory, periods, hazelcast));
        context.getPropertiesComponent().addOverrideProperty("quota.enabled", "true");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static <T> T required(Registry registry, Class<T> type, String hint) {
        T bean = registry.findSingleByType(type);
        if (bean == null) {
            throw new IllegalStateException("quota module: no " + type.getName() + " bean in the registry; " + hint);
        }
        return bean;
    }

    /** Stops the quota's own threads with the context. */
    private static final class Shutdown extends ServiceSupport {
        private final ExecutorService[] executors;

        Shutdown(ExecutorService... executors) {
            this.executors = executors;
        }

        @Override
        protected void doStop() {
            for (ExecutorService e : executors) {
                e.shutdownNow();
            }
        }
    }
}
