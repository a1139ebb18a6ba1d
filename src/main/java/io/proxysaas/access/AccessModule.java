package io.proxysaas.access;

import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires admission: binds {@code accessService} (a {@link DefaultAccessService} with the
 * {@link PlanLimits}), {@code liveSockets}, {@code refusalCounters}, {@code planLimits} and a
 * {@code clock} when none is bound. Needs a {@link CustomerDirectory} and a {@link SlowHashCheck} in
 * the registry; uses an {@link IpBlocklist} when one is bound, else blocks nothing. The
 * {@link LockoutCheck}, {@link QuotaCheck} and {@link ClusterLiveSockets} of later modules are found
 * by type when first needed (until then: none locked, no quota used up, no cluster count).
 * Slow password checks of {@code admitAsync} run on a bounded pool ({@code access-slow-hash}) that
 * stops with the context. Properties: {@code limits.threads.mode}, {@code limits.bucket-cleanup-interval},
 * {@code limits.max-buckets}, {@code access.slow-hash-threads}, {@code access.slow-hash-queue}.
 */
public final class AccessModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(AccessModule.class);

    @Override
    public void install(CamelContext context, Settings settings) {
        Registry registry = context.getRegistry();
        Clock clock = registry.findSingleByType(Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            registry.bind("clock", Clock.class, clock);
        }
        CustomerDirectory directory = required(registry, CustomerDirectory.class, "install the state module first");
        SlowHashCheck slowCheck = required(registry, SlowHashCheck.class,
                "bind the password hasher's verify method as an io.proxysaas.access.SlowHashCheck");
        IpBlocklist blocklist = registry.findSingleByType(IpBlocklist.class);
        PasswordVerifier passwords = new PasswordVerifier(slowCheck,
                settings.integer("access.password-cache-size", 100_000));
        LiveSockets liveSockets = new LiveSockets();
        PlanLimits limits = new PlanLimits(clock, liveSockets,
                late(registry, QuotaCheck.class, QuotaCheck.NONE),
                late(registry, ClusterLiveSockets.class, ClusterLiveSockets.NONE),
                threadsMode(settings), positive(settings, "limits.max-buckets", 1_000_000));
        AdmissionRules rules = new AdmissionRules(clock, late(registry, LockoutCheck.class, LockoutCheck.NONE),
                limits.checks());
        RefusalCounters refusals = new RefusalCounters();
        DefaultAccessService service = new DefaultAccessService(directory, passwords,
                blocklist == null ? IpBlocklist.NONE : blocklist, rules, liveSockets, limits.requestCheck(),
                refusals, clock, slowHashPool(context, settings));
        scheduleCleanup(context, settings, limits, liveSockets);
        registry.bind("liveSockets", LiveSockets.class, liveSockets);
        registry.bind("refusalCounters", RefusalCounters.class, refusals);
        registry.bind("planLimits", PlanLimits.class, limits);
        registry.bind("accessService", AccessService.class, service);
    }

    static PlanLimits.ThreadsMode threadsMode(Settings settings) {
        String mode = settings.string("limits.threads.mode", "port");
        try {
            return PlanLimits.ThreadsMode.parse(mode);
        } catch (IllegalArgumentException e) {
            throw new Settings.ConfigException("limits.threads.mode", mode, "expected 'port' or 'strict'");
        }
    }

    /** Fixed size, bounded queue, refuses when full (the service answers BUSY); Camel shuts it down with the context. */
    static ExecutorService slowHashPool(CamelContext context, Settings settings) {
        int threads = settings.integer("access.slow-hash-threads", 0);
        if (threads < 0) {
            throw new Settings.ConfigException("access.slow-hash-threads", String.valueOf(threads),
                    "must be 0 (one per core) or more");
        }
        threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        int queue = positive(settings, "access.slow-hash-queue", 1024);
        ThreadPoolProfile profile = new ThreadPoolProfile("access-slow-hash");
        profile.setPoolSize(threads);
        profile.setMaxPoolSize(threads);
        profile.setMaxQueueSize(queue);
        profile.setKeepAliveTime(60L);
        profile.setTimeUnit(TimeUnit.SECONDS);
        profile.setAllowCoreThreadTimeOut(true);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        return context.getExecutorServiceManager().newThreadPool(AccessModule.class, "access-slow-hash", profile);
    }

    /** Idle QPS buckets and customers without a live socket go on the same timer. */
    private static void scheduleCleanup(CamelContext context, Settings settings, PlanLimits limits,
                                        LiveSockets liveSockets) {
        Duration every = settings.duration("limits.bucket-cleanup-interval", Duration.ofSeconds(60));
        if (every.isZero() || every.isNegative()) {
            throw new Settings.ConfigException("limits.bucket-cleanup-interval", every.toString(), "must be positive");
        }
        // Camel's executor manager shuts this down with the context.
        ScheduledExecutorService timer = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(limits, "limits-bucket-cleanup");
        timer.scheduleWithFixedDelay(() -> {
            try {
                limits.evictIdleBuckets();
                liveSockets.dropIdle();
            } catch (RuntimeException e) {
                // A failed run must not cancel the schedule (the maps would then only shrink inline).
                LOG.warn("dropping idle QPS buckets and socket counts failed; trying again in {}", every, e);
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static int positive(Settings settings, String key, int defaultValue) {
        int value = settings.integer(key, defaultValue);
        if (value < 1) {
            throw new Settings.ConfigException(key, String.valueOf(value), "must be at least 1");
        }
        return value;
    }

    private static <T> LateBean<T> late(Registry registry, Class<T> type, T fallback) {
        return new LateBean<>(() -> registry.findSingleByType(type), fallback);
    }

    private static <T> T required(Registry registry, Class<T> type, String hint) {
        T bean = registry.findSingleByType(type);
        if (bean == null) {
            throw new IllegalStateException("access module: no " + type.getName() + " bean in the registry; " + hint);
        }
        return bean;
    }
}
