package io.proxysaas.relay;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.IdleStateHandler;
import io.proxysaas.access.AccessService;
import io.proxysaas.observe.ConnectionObserver;
import io.proxysaas.pool.UpstreamPool;
import java.util.concurrent.TimeUnit;
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
        this(new RelayServices(pool, access, settings, transport, observer == null ? ConnectionObserver.NONE : observer,
                registry, new UpstreamConnector(transport, settings, pool)), -1);
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
        ch.config().setOption(ChannelOption.TCP_NODELAY, true);
        RelaySession session = new RelaySession(ch, services, port);
        ch.attr(RelaySession.KEY).set(session);
        long idleMillis = services.settings().idleTimeout().toMillis();
        ch.pipeline()
                .addLast(ByteMeter.NAME, ByteMeter.INSTANCE)
                .addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                .addLast(IdleCloser.NAME, IdleCloser.INSTANCE)
                .addLast(ProtocolSniffer.NAME, new ProtocolSniffer(services));
        session.startHandshakeTimer(services.settings().handshakeTimeout());
    }
}
