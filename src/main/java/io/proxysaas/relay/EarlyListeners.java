package io.proxysaas.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.proxysaas.config.StartupTimeline;
import io.proxysaas.pool.PreboundPorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.netty.NettyConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's ports, listened on as soon as the process starts, long before the relay can serve
 * them (it needs the database, the cluster member and the Camel context first). A connection made
 * meanwhile completes its TCP handshake and waits in the kernel's accept queue instead of being
 * refused. Once the relay can serve, the pool asks for the ports it is about to bind to be
 * {@linkplain #serve served} (accepting with the relay's pipeline) ahead of their routes, and each
 * port's listener route then {@linkplain #take adopts} its socket ({@link ListenerBootstrap}).
 * Nothing is accepted before {@link #serve} or the adoption: the server sockets do not read (no
 * auto-read) until then.
 * <p>
 * A port that cannot be listened on here (in use, no permission) is simply left to the route, which
 * binds it itself and reports the failure as before. Sockets no route adopted are closed once the
 * pool's first load is done ({@link #releaseUnclaimed}).
 */
public final class EarlyListeners implements PreboundPorts, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyListeners.class);
    private static final long BIND_WAIT_SECONDS = 10;

    /** The address text the listener routes are configured with ({@code pool.bind}). */
    private final String host;
    /** Sockets not yet taken by a route, by port. */
    private final Map<Integer, Prebound> listening = new HashMap<>();
    private volatile RelayInitializerFactory pipelines;

    /** A socket listening before its route exists, with the child initializer it will be given. */
    record Prebound(Channel channel, AdoptableInitializer initializer) {
    }

    private EarlyListeners(String host) {
        this.host = host;
    }

    /** Listens on {@code host:port} for every port (binds issued all at once, then awaited). */
    public static EarlyListeners listen(Transport transport, String host, Collection<Integer> ports) {
        long begin = System.nanoTime();
        EarlyListeners early = new EarlyListeners(host);
        InetAddress address;
        try {
            address = InetAddress.getByName(host); // once, not per port
        } catch (UnknownHostException e) {
            LOG.warn("relay: not listening early: pool bind address {} does not resolve ({}); the routes report it", host,
                    e.getMessage());
            return early;
        }
        Map<Integer, ChannelFuture> binds = new HashMap<>();
        for (int port : ports) {
            AdoptableInitializer initializer = new AdoptableInitializer();
            ChannelFuture bind = new ServerBootstrap()
                    .group(transport.bossGroup(), transport.childGroup())
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.AUTO_READ, false)
                    .childHandler(initializer)
                    .bind(new InetSocketAddress(address, port));
            binds.put(port, bind);
            early.listening.put(port, new Prebound(bind.channel(), initializer));
        }
        List<String> failed = new ArrayList<>();
        binds.forEach((port, bind) -> {
            if (!bind.awaitUninterruptibly(BIND_WAIT_SECONDS, TimeUnit.SECONDS) || !bind.isSuccess()) {
                bind.channel().close();
                early.listening.remove(port);
                failed.add(port + (bind.cause() == null ? "" : " (" + bind.cause().getMessage() + ")"));
            }
        });
        LOG.info("relay: listening early on {} of {} pool ports on {} ({} ms, at JVM uptime {} ms); connections "
                + "queue until the relay serves them", early.listening.size(), ports.size(), host,
                (System.nanoTime() - begin) / 1_000_000, StartupTimeline.uptimeMillis());
        if (!failed.isEmpty()) {
            LOG.warn("relay: {} of {} pool ports could not be listened on early; their routes bind them and report "
                    + "why: {}", failed.size(), ports.size(), failed.size() > 10 ? failed.subList(0, 10) + " ..." : failed);
        }
        return early;
    }

    public synchronized int size() {
        return listening.size();
    }

    /** The relay's pipeline factory ({@code relayInit}), once the relay is wired: {@link #serve} needs it. */
    void servingWith(RelayInitializerFactory relayInit) {
        pipelines = relayInit;
    }

    /**
     * Accepts on these ports' sockets from now on, with the relay's pipeline and camel-netty's
     * default child options (the routes' own options replace them when they adopt the sockets).
     */
    @Override
    public void serve(Collection<Integer> ports) {
        RelayInitializerFactory relayInit = pipelines;
        if (relayInit == null) {
            return;
        }
        Map<ChannelOption<?>, Object> childOptions = ListenerBootstrap.childOptions(new NettyConfiguration());
        int served = 0;
        synchronized (this) {
            for (int port : ports) {
                Prebound prebound = listening.get(port);
                if (prebound != null && !prebound.initializer().isAdopted()) {
                    prebound.initializer().adopt(relayInit.forPort(port), childOptions);
                    prebound.channel().config().setAutoRead(true);
                    served++;
                }
            }
        }
        if (served > 0) {
            LOG.info("relay: serving {} early listening ports ahead of their routes (at JVM uptime {} ms)", served,
                    StartupTimeline.uptimeMillis());
        }
    }

    /** Hands over the socket listening on {@code host:port}, or null when there is none (any more). */
    synchronized Prebound take(String host, int port) {
        return this.host.equals(host) ? listening.remove(port) : null;
    }

    /** Closes the sockets no listener route took: their ports are not (or no longer) in the pool. */
    @Override
    public void releaseUnclaimed() {
        List<Prebound> rest;
        synchronized (this) {
            rest = new ArrayList<>(listening.values());
            listening.clear();
        }
        if (!rest.isEmpty()) {
            LOG.info("relay: closing {} early listening sockets no pool route took", rest.size());
        }
        for (Prebound prebound : rest) {
            prebound.channel().close().awaitUninterruptibly(BIND_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        releaseUnclaimed();
    }
}
