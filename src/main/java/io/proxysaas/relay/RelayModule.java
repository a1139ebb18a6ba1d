package io.proxysaas.relay;

import io.netty.channel.EventLoopGroup;
import io.proxysaas.access.AccessService;
import io.proxysaas.config.BackgroundStart;
import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.observe.ConnectionObserver;
import io.proxysaas.pool.PoolModule;
import io.proxysaas.pool.PreboundPorts;
import io.proxysaas.pool.UpstreamPool;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.NettyComponent;
import org.apache.camel.component.netty.NettyConfiguration;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the data plane: shared event loops ({@code bossGroup}, {@code workerGroup},
 * {@code transport}), the {@code connectionRegistry}, the per-customer {@code bandwidthShapers} and the
 * {@code relayInit} pipeline factory
 * that the pool's routes name, and makes camel-netty use the shared groups.
 */
public class RelayModule implements Module {

    private static final Logger LOG = LoggerFactory.getLogger(RelayModule.class);

    /** The event loops, when made on the main thread (early listening off); else they come with {@link #listening}. */
    private Transport transport;
    private BackgroundStart<EarlyListening> listening;
    private boolean installed;

    /**
     * Unless {@code relay.early-listen} is off, creates the event loops and starts listening on the
     * pool file's ports right away, both on a thread of their own ({@link EarlyListeners}): connections
     * then queue from the first second of the process instead of being refused until everything is
     * up, and the main thread goes on preparing the database and the member meanwhile (making the
     * loops loads Netty's native transport: 0.2-0.5 s of a start). When the process's {@code main}
     * began exactly that already ({@link ProcessStartListening}), it is taken over instead.
     */
    @Override
    public AutoCloseable prepare(CamelContext context, Settings settings) {
        Supplier<Transport> loops = transport(settings);
        if (settings.bool("relay.early-listen", true)) {
            listening = ProcessStartListening.claim(settings);
            if (listening == null) {
                // settings read here, the file there
                listening = ProcessStartListening.start(ProcessStartListening.Key.of(settings),
                        PoolModule.configuredPorts(settings));
            }
        } else {
            ProcessStartListening.release();
            transport = loops.get();
        }
        return () -> {
            if (listening != null) {
                listening.close(); // releases loops and sockets unless install took them
            }
            if (!installed && transport != null) {
                transport.close();
            }
        };
    }

    /** Listening early is what clients wait for first: it starts before the database and the member. */
    @Override
    public boolean prepareFirst() {
        return true;
    }

    @Override
    public void install(CamelContext context, Settings settings) throws Exception {
        RelaySettings relaySettings = settings(settings);
        EarlyListening early = listening == null ? null : listening.take();
        EarlyListeners earlyListeners = null;
        if (early != null) {
            transport = early.transport();
            earlyListeners = early.listeners();
        } else if (transport == null) {
            transport = transport(settings).get(); // installed without prepare
        }
        Transport transport = this.transport;
        installed = true;
        LOG.info("relay event loops: {}", transport.describe(ProcessStartListening.Key.of(settings).allowIoUring()));
        context.addService(new TransportService(transport), true, true);
        if (earlyListeners != null) {
            context.getRegistry().bind("earlyListeners", PreboundPorts.class, earlyListeners);
        }

        UpstreamPool pool = required(context, UpstreamPool.class);
        AccessService access = required(context, AccessService.class);
        ConnectionObserver observer = context.getRegistry().findSingleByType(ConnectionObserver.class);
        ConnectionRegistry registry = new ConnectionRegistry();
        BandwidthShapers shapers = new BandwidthShapers();

        var registryOfBeans = context.getRegistry();
        registryOfBeans.bind("bossGroup", EventLoopGroup.class, transport.bossGroup());
        registryOfBeans.bind("workerGroup", EventLoopGroup.class, transport.workerGroup());
        registryOfBeans.bind("transport", Transport.class, transport);
        registryOfBeans.bind("connectionRegistry", ConnectionRegistry.class, registry);
        registryOfBeans.bind("bandwidthShapers", BandwidthShapers.class, shapers);
        RelayInitializerFactory relayInit = new RelayInitializerFactory(pool, access, relaySettings, transport,
                observer == null ? ConnectionObserver.NONE : observer, registry, shapers);
        registryOfBeans.bind("relayInit", RelayInitializerFactory.class, relayInit);
        context.addLifecycleStrategy(new ListenerAdoption(transport, earlyListeners, relayInit));
        if (earlyListeners != null) {
            earlyListeners.servingWith(relayInit);
        }

        NettyConfiguration nc = context.getComponent("netty", NettyComponent.class).getConfiguration();
        nc.setBossGroup(transport.bossGroup());
        nc.setWorkerGroup(transport.workerGroup());
        nc.setUsingExecutorService(false);
        nc.setNativeTransport(transport.isNative());
    }

    /** The event loops as configured: settings read now, the loops made when asked (on whichever thread). */
    private static Supplier<Transport> transport(Settings settings) {
        return ProcessStartListening.Key.of(settings).transport();
    }

    static RelaySettings settings(Settings s) {
        return new RelaySettings(
                s.duration("relay.handshake-timeout", Duration.ofSeconds(10)),
                s.duration("relay.connect-timeout", Duration.ofSeconds(10)),
                s.duration("relay.idle-timeout", Duration.ofMinutes(5)),
                s.integer("relay.max-header-bytes", RelaySettings.DEFAULT_MAX_HEADER_BYTES),
                s.optional("relay.node-name").orElseGet(RelayModule::hostname),
                s.duration("relay.preconnect-window", RelaySettings.DEFAULT_PRECONNECT_WINDOW));
    }

    private static <T> T required(CamelContext context, Class<T> type) {
        T bean = context.getRegistry().findSingleByType(type);
        if (bean == null) {
            throw new IllegalStateException("the relay needs a " + type.getSimpleName()
                    + " bean in the registry: install its module before RelayModule");
        }
        return bean;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }

    /** Closes the shared event loops when the CamelContext stops (after the consumers stopped). */
    private static final class TransportService extends ServiceSupport {
        private final Transport transport;

        TransportService(Transport transport) {
            this.transport = transport;
        }

        @Override
        protected void doStop() {
            transport.close();
        }
    }
}
