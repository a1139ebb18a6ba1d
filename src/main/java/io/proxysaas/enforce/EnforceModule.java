package io.proxysaas.enforce;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.access.ClusterLiveSockets;
import io.proxysaas.access.IpBlocklist;
import io.proxysaas.access.Kicks;
import io.proxysaas.access.LockoutCheck;
import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerChangeListener;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.CustomerRepository;
import io.proxysaas.customer.CustomerService;
import io.proxysaas.relay.ConnectionRegistry;
import io.proxysaas.state.ClusterLeader;
import io.proxysaas.store.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires enforcement: kicks over the cluster topic, strike lockouts, the strike sweep, admin IP bans
 * and brute-force blocks. Install after StoreModule and StateModule and BEFORE AccessModule (which
 * takes the {@link IpBlocklist} at install time).
 *
 * <p>Binds {@code kicks} (Kicks, TopicKicks), {@code lockoutTable} (LockoutCheck), {@code ipBlocklist}
 * (IpBlocklist), {@code strikeSweep} (run by {@code routes/jobs.yaml}), {@code enforcement} (admin
 * actions), and the properties {@code strike.sweep-millis} (the job's trigger) and {@code strike.enabled} (starts the job). Uses at use time:
 * {@link ConnectionRegistry} (relay) and {@link ClusterLiveSockets} (usage; none -> counts of 0).
 */
public final class EnforceModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(EnforceModule.class);

    @Override
    public void install(CamelContext context, Settings settings) throws Exception {
        Registry registry = context.getRegistry();
        HazelcastInstance hazelcast = required(registry, HazelcastInstance.class, "StateModule");
        CustomerDirectory directory = required(registry, CustomerDirectory.class, "StateModule");
        AuditTrail audit = required(registry, AuditTrail.class, "StoreModule");
        DataSource dataSource = required(registry, DataSource.class, "StoreModule");
        Clock bound = registry.findSingleByType(Clock.class);
        Clock clock = bound == null ? Clock.systemUTC() : bound;

        Duration grace = settings.duration("strike.grace", Duration.ofMinutes(15));
        Duration lockout = settings.duration("strike.lockout", Duration.ofHours(1));
        Duration sweep = settings.duration("strike.sweep", Duration.ofSeconds(10));
        if (sweep.toMillis() < 100) {
            throw new Settings.ConfigException("strike.sweep", sweep.toString(), "must be at least 100 ms");
        }
        context.getPropertiesComponent().addOverrideProperty("strike.sweep-millis", String.valueOf(sweep.toMillis()));
        context.getPropertiesComponent().addOverrideProperty("strike.enabled", "true");

        TopicKicks kicks = new TopicKicks(hazelcast, () -> registry.findSingleByType(ConnectionRegistry.class));
        LockoutTable lockouts = new LockoutTable(hazelcast, clock);
        StrikeSweep strikes = new StrikeSweep(hazelcast, directory, () -> {
            ClusterLiveSockets live = registry.findSingleByType(ClusterLiveSockets.class);
            return live == null ? ClusterLiveSockets.NONE : live;
        }, kicks, lockouts, audit, clock, grace, lockout, required(registry, ClusterLeader.class, "StateModule")::isLeader);
        IpBans bans = new IpBans(hazelcast, new JdbcIpBans(dataSource), clock);
        int maxTracked = settings.integer("bruteforce.max-tracked-ips", 100_000);
        FailureCounter counter = new FailureCounter(settings.integer("bruteforce.max-failures", 10),
                settings.duration("bruteforce.window", Duration.ofSeconds(60)), maxTracked, clock);
        BruteForceBlocklist blocklist = new BruteForceBlocklist(hazelcast, bans, counter, maxTracked,
                settings.duration("bruteforce.publish-interval", Duration.ofMillis(200)),
                settings.duration("bruteforce.block", Duration.ofMinutes(15)), clock);
        context.addService(new Listeners(kicks, bans, blocklist, lockouts), true, true);

        registry.bind("kicks", Kicks.class, kicks);
        registry.bind("lockoutTable", LockoutCheck.class, lockouts);
        registry.bind("ipBlocklist", IpBlocklist.class, blocklist);
        registry.bind("strikeSweep", StrikeSweep.class, strikes);
        registry.bind("enforcement", Enforcement.class, new Enforcement(kicks, lockouts, strikes, blocklist));
        registry.bind("customerActions", CustomerActions.class, new CustomerActions(
                required(registry, CustomerService.class, "StoreModule"),
                required(registry, CustomerRepository.class, "StoreModule"),
                required(registry, CustomerChangeListener.class, "StateModule"), kicks, clock));
        LOG.info("Enforcement: strike grace {}, lockout {}, sweep every {}", grace, lockout, sweep);
    }

    private static <T> T required(Registry registry, Class<T> type, String module) {
        T bean = registry.findSingleByType(type);
        if (bean == null) {
            throw new IllegalStateException("EnforceModule needs a " + type.getSimpleName()
                    + " bean in the registry: install " + module + " before it");
        }
        return bean;
    }

    /** Detaches the topic and map listeners and stops the failure publisher when the context stops (before the member leaves). */
    private static final class Listeners extends ServiceSupport {
        private final TopicKicks kicks;
        private final IpBans bans;
        private final BruteForceBlocklist blocklist;
        private final LockoutTable lockouts;

        Listeners(TopicKicks kicks, IpBans bans, BruteForceBlocklist blocklist, LockoutTable lockouts) {
            this.kicks = kicks;
            this.bans = bans;
            this.blocklist = blocklist;
            this.lockouts = lockouts;
        }

        @Override
        protected void doStop() {
            kicks.close();
            bans.close();
            blocklist.close();
            lockouts.close();
        }
    }
}
