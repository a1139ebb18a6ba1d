package io.proxysaas.config;

import io.proxysaas.access.AccessModule;
import io.proxysaas.access.SlowHashCheck;
import io.proxysaas.api.AdminApiModule;
import io.proxysaas.api.CustomerApiModule;
import io.proxysaas.enforce.EnforceModule;
import io.proxysaas.observe.ObserveModule;
import io.proxysaas.pool.PoolModule;
import io.proxysaas.relay.RelayModule;
import io.proxysaas.security.PasswordHasher;
import io.proxysaas.state.StateModule;
import io.proxysaas.quota.QuotaModule;
import io.proxysaas.store.StoreModule;
import io.proxysaas.usage.UsageModule;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the product is wired: installs each capability's {@link Module} in
 * dependency order (store, state, access, pool, relay, APIs), after letting every module begin its
 * slow independent work (the database and the Hazelcast member start side by side).
 */
public class ProxySaasConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ProxySaasConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        install(context, new Settings(context), modules());
    }

    /**
     * Prepares every module, then installs them in order and logs where the time went. When a
     * prepare or an install fails, the work other modules began is released before the failure
     * propagates, so a failed start leaves no member or pool behind.
     */
    public static void install(CamelContext context, Settings settings, List<Module> modules) throws Exception {
        long begin = StartupTimeline.uptimeMillis();
        StartupTimeline timeline = new StartupTimeline();
        List<AutoCloseable> prepared = new ArrayList<>();
        try {
            for (Module module : modules) { // the ones the outside world waits for first (relay ports), then the rest
                if (module.prepareFirst()) {
                    prepared.add(module.prepare(context, settings));
                }
            }
            for (Module module : modules) {
                if (!module.prepareFirst()) {
                    prepared.add(module.prepare(context, settings));
                }
            }
            for (Module module : modules) {
                timeline.time(name(module), () -> module.install(context, settings));
            }
            for (AutoCloseable handle : prepared) {
                if (handle instanceof BackgroundStart<?> start) {
                    timeline.step(start.name() + " (in parallel)", start.tookMillis());
                }
            }
        } catch (Exception | Error e) {
            for (AutoCloseable handle : prepared) {
                closeQuietly(handle, e);
            }
            throw e;
        }
        LOG.info("start-up: modules installed from JVM uptime {} ms to {} ms: {}", begin,
                StartupTimeline.uptimeMillis(), timeline.summary());
    }

    private static void closeQuietly(AutoCloseable handle, Throwable failure) {
        try {
            handle.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static String name(Module module) {
        String simple = module.getClass().getSimpleName();
        return simple.endsWith("Module") && simple.length() > "Module".length()
                ? Character.toLowerCase(simple.charAt(0)) + simple.substring(1, simple.length() - "Module".length())
                : simple;
    }

    /** The capabilities in installation order (tests reuse it to boot the product as shipped). */
    public static List<Module> modules() {
        return List.of(
                new StoreModule(),
                new StateModule(),
                new SlowHashCheckModule(),
                new EnforceModule(),
                new AccessModule(),
                new ObserveModule(),
                new PoolModule(),
                new RelayModule(),
                new UsageModule(),
                new QuotaModule(),
                new AdminApiModule(),
                new CustomerApiModule());
    }

    /** Binds {@code PasswordHasher::verify} as the access layer's slow check. */
    private static final class SlowHashCheckModule implements Module {
        @Override
        public void install(CamelContext context, Settings settings) {
            context.getRegistry().bind("slowHashCheck", SlowHashCheck.class, (SlowHashCheck) PasswordHasher::verify);
        }
    }
}
