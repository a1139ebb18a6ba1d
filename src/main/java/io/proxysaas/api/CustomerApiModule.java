package io.proxysaas.api;

import io.proxysaas.access.LiveSockets;
import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.observe.ReadinessCheck;
import io.proxysaas.pool.UpstreamPool;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the customer API ({@code /api/proxies.php}, {@code /api/v1/proxies}, {@code /api/v1/me}) and
 * the ops endpoints ({@code /health}, {@code /ready}). Needs a {@link CustomerDirectory}; reads the
 * {@link UpstreamPool}, {@link LiveSockets} and every {@link ReadinessCheck} from the registry per request.
 */
public final class CustomerApiModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerApiModule.class);

    @Override
    public void install(CamelContext context, Settings settings) throws Exception {
        Registry registry = context.getRegistry();
        CustomerDirectory directory = registry.findSingleByType(CustomerDirectory.class);
        if (directory == null) {
            throw new IllegalStateException("customer API: no " + CustomerDirectory.class.getName()
                    + " bean in the registry; install the state module first");
        }
        if (registry.findSingleByType(UpstreamPool.class) == null) {
            LOG.warn("No UpstreamPool bound yet: proxy lists stay empty until the pool module binds one");
        }
        Clock bound = registry.findSingleByType(Clock.class);
        Clock clock = bound == null ? Clock.systemUTC() : bound;
        CustomerProxyList proxyList = new CustomerProxyList(directory,
                () -> registry.findSingleByType(UpstreamPool.class), clock);
        CustomerApiHandler handler = new CustomerApiHandler(directory, proxyList,
                () -> registry.findSingleByType(LiveSockets.class), publicHost(settings), clock,
                () -> UsageEndpoints.fromRegistry(context));
        context.addRoutes(new CustomerApiRoutes(handler,
                new ApiIpGate(() -> registry.findSingleByType(io.proxysaas.access.IpBlocklist.class))));
        context.addRoutes(new OpsRoutes(new OpsReadiness(() -> registry.findByType(ReadinessCheck.class))));
    }

    /** {@code pool.public-host}, else this machine's hostname. */
    static String publicHost(Settings settings) {
        return settings.optional("pool.public-host").orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                LOG.warn("Cannot resolve this machine's hostname ({}); set PUBLIC_HOST. Using localhost", e.getMessage());
                return "localhost";
            }
        });
    }
}
