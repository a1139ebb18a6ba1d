package io.proxysaas.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.proxysaas.config.StartupTimeline;
import io.proxysaas.pool.PreboundPorts;
import java.io.IOException;
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

    /** Sockets bound in the first phase, until {@link #register} gives them channels. */
    private final Map<Integer, RawListener> bound = new HashMap<>();
    /**
     * What {@link #bind} and {@link #register} have to say, logged by {@link #report}: they may run while
     * logback is still being set up on another thread, when a logging call would be replayed later.
     */
    private final List<Runnable> reports = new ArrayList<>();

    private EarlyListeners(String host) {
        this.host = host;
    }

    /**
     * First phase: a plain listening socket per port, made with a few system calls each and no event
     * loop (1,000 ports in ~50 ms, measured 2026-11-27, against ~400 ms through Netty's bootstrap on a
     * cold JVM), so that the ports accept from the first fraction of a second of the process.
     * Connections queue in the kernel until {@link #register} and {@link #serve}.
     *
     * @param kind the kind of loops the sockets are for: must match the loops given to {@link #register}
     */
    public static EarlyListeners bind(String host, Collection<Integer> ports, Transport.Kind kind) {
        long begin = System.nanoTime();
        EarlyListeners early = new EarlyListeners(host);
        InetAddress address = resolve(early, host);
        if (address == null) {
            return early;
        }
        List<String> failed = new ArrayList<>();
        for (int port : ports) {
            try {
                early.bound.put(port, RawListener.listen(new InetSocketAddress(address, port), kind));
            } catch (IOException | RuntimeException e) {
                failed.add(port + " (" + e.getMessage() + ")");
            }
        }
        early.reportListening(ports.size(), early.bound.size(), failed, begin);
        return early;
    }

    private static InetAddress resolve(EarlyListeners early, String host) {
        try {
            return InetAddress.getByName(host); // once, not per port
        } catch (UnknownHostException e) {
            early.later(() -> LOG.warn("relay: not listening early: pool bind address {} does not resolve ({}); the "
                    + "routes report it", host, e.getMessage()));
            return null;
        }
    }

    private void reportListening(int asked, int listened, List<String> failed, long beginNanos) {
        long millis = (System.nanoTime() - beginNanos) / 1_000_000;
        long uptime = StartupTimeline.uptimeMillis();
        later(() -> LOG.info("relay: listening early on {} of {} pool ports on {} ({} ms, at JVM uptime {} ms); "
                + "connections queue until the relay serves them", listened, asked, host, millis, uptime));
        if (!failed.isEmpty()) {
            later(() -> LOG.warn("relay: {} of {} pool ports could not be listened on early; their routes bind them and "
                    + "report why: {}", failed.size(), asked, failed.size() > 10 ? failed.subList(0, 10) + " ..." : failed));
        }
    }

    private synchronized void later(Runnable logging) {
        reports.add(logging);
    }

    /** Logs what {@link #bind} and {@link #register} found, once logging is set up. */
    public void report() {
        List<Runnable> pending;
        synchronized (this) {
            pending = new ArrayList<>(reports);
            reports.clear();
        }
        pending.forEach(Runnable::run);
    }

    /** Keeps the channels whose bind or registration succeeded; closes the others and names them. */
    private List<String> keepListening(Map<Integer, ChannelFuture> futures, Map<Integer, AdoptableInitializer> initializers) {
        List<String> failed = new ArrayList<>();
        futures.forEach((port, future) -> {
            if (!future.awaitUninterruptibly(BIND_WAIT_SECONDS, TimeUnit.SECONDS) || !future.isSuccess()) {
                future.channel().close();
                failed.add(port + (future.cause() == null ? "" : " (" + future.cause().getMessage() + ")"));
            } else {
                synchronized (this) {
                    listening.put(port, new Prebound(future.channel(), initializers.get(port)));
                }
            }
        });
        return failed;
    }

    /**
     * Second phase: every socket of {@link #bind} becomes a server channel on the transport's accept
     * loops, still without accepting (no auto-read) until {@link #serve} or a route adopts it. A socket
     * that cannot be registered is closed and left to its route.
     */
    public void register(Transport transport) {
        Map<Integer, RawListener> raw;
        synchronized (this) {
            raw = new HashMap<>(bound);
            bound.clear();
        }
        Map<Integer, ChannelFuture> registrations = new HashMap<>();
        Map<Integer, AdoptableInitializer> initializers = new HashMap<>();
        try {
            raw.forEach((port, socket) -> {
                if (socket.kind() != transport.kind()) {
                    throw new IllegalStateException("early socket of port " + port + " was made for "
                            + socket.kind() + " but the relay's loops are " + transport.kind());
                }
                AdoptableInitializer initializer = new AdoptableInitializer();
                initializers.put(port, initializer);
                registrations.put(port, new ServerBootstrap()
                        .group(transport.bossGroup(), transport.childGroup())
                        .channelFactory(socket::newChannel)
                        .option(ChannelOption.AUTO_READ, false)
                        .childHandler(initializer)
                        .register());
            });
        } catch (RuntimeException e) {
            registrations.values().forEach(r -> r.channel().close());
            raw.forEach((port, socket) -> {
                if (!registrations.containsKey(port)) {
                    socket.close();
                }
            });
            throw e;
        }
        List<String> failed = keepListening(registrations, initializers);
        if (!failed.isEmpty()) {
            later(() -> LOG.warn("relay: {} early listening sockets could not join the event loops; their routes bind "
                    + "them: {}", failed.size(), failed.size() > 10 ? failed.subList(0, 10) + " ..." : failed));
        }
    }

    public synchronized int size() {
        return listening.size() + bound.size();
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
        Map<ChannelOption<?>, Object> childOptions = ListenerBootstrap.childOptions(new NettyConfiguration(), relayInit.idleTimeout());
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
        List<RawListener> unregistered;
        synchronized (this) {
            rest = new ArrayList<>(listening.values());
            listening.clear();
            unregistered = new ArrayList<>(bound.values());
            bound.clear();
        }
        if (!rest.isEmpty() || !unregistered.isEmpty()) {
            LOG.info("relay: closing {} early listening sockets no pool route took", rest.size() + unregistered.size());
        }
        for (Prebound prebound : rest) {
            prebound.channel().close().awaitUninterruptibly(BIND_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        unregistered.forEach(RawListener::close);
    }

    @Override
    public void close() {
        releaseUnclaimed();
    }
}
