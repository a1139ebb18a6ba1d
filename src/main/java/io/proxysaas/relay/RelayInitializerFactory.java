package io.proxysaas.relay;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.proxysaas.access.AccessService;
import io.proxysaas.observe.ConnectionObserver;
import io.proxysaas.pool.UpstreamPool;
import java.time.Duration;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;

/**
 * The relay's pipeline for camel-netty listeners ({@code serverInitializerFactory=#relayInit}):
 * Camel asks once per port, and every accepted socket gets only our handlers (no Exchange per
 * chunk). {@link #forPort(int)} gives the same pipeline to a plain Netty server.
 */
public class RelayInitializerFactory extends ServerInitializerFactory {

    private final RelayServices services;
    private final int port;

    public RelayInitializerFactory(UpstreamPool pool, AccessService access, RelaySettings settings, Transport transport,
                                   ConnectionObserver observer, ConnectionRegistry registry) {
        this(pool, access, settings, transport, observer, registry, new BandwidthShapers());
    }

    /** @param shapers the node's per-customer bandwidth budgets */
    public RelayInitializerFactory(UpstreamPool pool, AccessService access, RelaySettings settings, Transport transport,
                                   ConnectionObserver observer, ConnectionRegistry registry, BandwidthShapers shapers) {
        this(new RelayServices(pool, access, settings, transport, observer == null ? ConnectionObserver.NONE : observer,
                registry, new UpstreamConnector(transport, settings, pool), shapers), -1);
    }

    private RelayInitializerFactory(RelayServices services, int port) {
        this.services = services;
        this.port = port;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
        return forPort(consumer.getConfiguration().getPort());
    }

    /** The initializer of one relay port, usable on any Netty server bootstrap. */
    public RelayInitializerFactory forPort(int port) {
        return new RelayInitializerFactory(services, port);
    }

    /** The relay's idle timeout: a tunnel quiet both ways this long is closed. */
    public Duration idleTimeout() {
        return services.settings().idleTimeout();
    }

    @Override
    public boolean isSharable() {
        return true;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (port < 0) {
            throw new IllegalStateException("the relay initializer factory itself is not bound to a port; use forPort");
        }
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ch.config().setOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
        RelaySession session = new RelaySession(ch, services, port);
        ch.attr(RelaySession.KEY).set(session);
        // Netty's socket channels set TCP_NODELAY themselves (as do camel-netty's child options)
        ByteMeter meter = new ByteMeter(session, services.settings().handshakeTimeout().toNanos(),
                services.settings().idleTimeout().toNanos());
        session.meter(meter);
        ch.pipeline()
                .addLast(ByteMeter.NAME, meter)
                .addLast(ProtocolSniffer.NAME, new ProtocolSniffer(services));
        if (!services.settings().preconnectWindow().isZero() && services.connector() != null) {
            services.pool().entry(port).ifPresent(entry -> session.early(
                    services.connector().preconnect(ch, session.clientAddress(), entry.upstream())));
        }
    }
}
