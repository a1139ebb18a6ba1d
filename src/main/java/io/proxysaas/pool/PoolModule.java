package io.proxysaas.pool;

import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.observe.ReadinessCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Wires the upstream pool: binds {@code upstreamPool}, {@code listenerControl}, {@code poolReloader},
 * {@code upstreamProber} and {@code poolReadiness}. The pool file is checked here (start-up fails
 * naming the path when it is unusable); the ports are bound once the CamelContext has started.
 * Expects the relay's {@code relayInit} bean and, optionally, a {@link PortConnections} bean.
 */
public final class PoolModule implements Module {

    @Override
    public void install(CamelContext context, Settings settings) {
        Path file = file(settings);
        int portBase = portBase(settings);
        String bind = bindAddress(settings);
        Duration watch = settings.duration("pool.watch-interval", Duration.ofSeconds(2));
        Duration retry = settings.duration("pool.bind-retry-interval", Duration.ofSeconds(5));
        Registry registry = context.getRegistry();

        CamelListenerControl listeners = new CamelListenerControl(context, bind);
        InMemoryUpstreamPool pool = new InMemoryUpstreamPool(listeners::isBound, Clock.systemUTC());
        Supplier<PortConnections> connections = () ->
                Optional.ofNullable(registry.findSingleByType(PortConnections.class)).orElse(PortConnections.NONE);
        PoolReloader reloader = new PoolReloader(file, portBase, pool, listeners, connections, retry, !watch.isZero());
        reloader.check();
        UpstreamProber prober = new UpstreamProber(pool, settings.string("pool.probe.target", "example.com:443"),
                settings.integer("pool.probe.concurrency", 32),
                settings.duration("relay.connect-timeout", Duration.ofSeconds(10)));

        registry.bind("upstreamPool", UpstreamPool.class, pool);
        registry.bind("listenerControl", ListenerControl.class, listeners);
        registry.bind("poolReloader", PoolReloader.class, reloader);
        registry.bind("upstreamProber", UpstreamProber.class, prober);
        registry.bind("poolReadiness", ReadinessCheck.class, new PoolReadiness(reloader));
        context.getManagementStrategy().addEventNotifier(new PoolLifecycle(reloader, prober, portBase));
    }

    /** The local address the pool's ports listen on ({@code pool.bind}). */
    public static String bindAddress(Settings settings) {
        return settings.string("pool.bind", "0.0.0.0");
    }

    /**
     * The local ports the pool file's entries take, for work that starts before the pool module is
     * installed (the relay listening early): the settings are read now, the file when the supplier is
     * called (on that work's own thread). Empty when the settings or the file are unusable, since the
     * pool's own load reports that.
     */
    public static Supplier<List<Integer>> configuredPorts(Settings settings) {
        Path file;
        int base;
        try {
            file = file(settings);
            base = portBase(settings);
        } catch (RuntimeException e) {
            return List::of;
        }
        return () -> {
            try {
                return new PoolParser().parse(PoolFileSnapshot.read(file).text(), base).entries().stream()
                        .map(PoolEntry::port).toList();
            } catch (RuntimeException e) {
                return List.of();
            }
        };
    }

    private static Path file(Settings settings) {
        return Path.of(settings.string("pool.file", "./proxy.txt"));
    }

    private static int portBase(Settings settings) {
        int portBase = settings.integer("pool.port-base", 4000);
        if (portBase < 1 || portBase > 65535) {
            throw new Settings.ConfigException("pool.port-base", String.valueOf(portBase), "expected a port 1-65535");
        }
        return portBase;
    }
}
