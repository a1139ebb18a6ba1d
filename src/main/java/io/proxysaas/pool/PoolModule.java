package io.proxysaas.pool;

import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.observe.ReadinessCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
        Path file = Path.of(settings.string("pool.file", "./proxy.txt"));
        int portBase = settings.integer("pool.port-base", 4000);
        if (portBase < 1 || portBase > 65535) {
            throw new Settings.ConfigException("pool.port-base", String.valueOf(portBase), "expected a port 1-65535");
        }
        String bind = settings.string("pool.bind", "0.0.0.0");
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
}
