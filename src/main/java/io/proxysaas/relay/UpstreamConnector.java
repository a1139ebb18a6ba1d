package io.proxysaas.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamPool;
import io.proxysaas.pool.UpstreamScheme;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * Opens the channel to a port's upstream on the customer channel's event loop and, for a tunnel,
 * does the upstream handshake (HTTP CONNECT with Basic auth, or SOCKS5 with RFC 1929). The whole
 * setup is bounded by the connect timeout; every outcome feeds the upstream's health.
 */
final class UpstreamConnector {

    /** Bare connections need no handler of their own; Bootstrap insists on one, this (sharable) one leaves at once. */
    private static final ChannelInitializer<Channel> NO_HANDLER = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
        }
    };

    private final RelaySettings settings;
    private final UpstreamPool pool;
    /** Channel type and options set up once; each connection clones it (no reflection, no option map per socket). */
    private final Bootstrap prototype;
    /** Channels for resolved upstream addresses; IPv4 ones need no IPV6_V6ONLY call and no reflection. */
    private final ChannelFactory<? extends Channel> channels;
    private final ChannelFactory<? extends Channel> ipv4Channels;
    /** The upstream handshake's name in the pipeline (a named add skips Netty's name generation). */
    static final String HANDSHAKE = "upstream-handshake";
    /** Upstream addresses by pool line: an IP literal is parsed once, not on every connect. */
    private final PerUpstream<SocketAddress> addresses = new PerUpstream<>(16_384, UpstreamConnector::address);
    /** Addresses admitted lately: their sockets connect upstream at accept. */
    private final RecentSources recent;

    /**
     * An upstream TCP connection started at accept, before the customer's request was read and the
     * customer admitted; {@link #open} takes it over, or the session closes it unused.
     */
    record Early(Upstream upstream, ChannelFuture connect) {
        void discard() {
            connect.channel().close();
        }
    }

    UpstreamConnector(Transport transport, RelaySettings settings, UpstreamPool pool) {
        this.settings = settings;
        this.pool = pool;
        // No Netty connect timeout (0): the one timer of open() bounds TCP connect and handshake together,
        // so a tunnel schedules one task, not two. Netty's socket channels set TCP_NODELAY themselves.
        this.prototype = new Bootstrap().channel(transport.socketChannelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 0)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true);
        this.channels = new ReflectiveChannelFactory<>(transport.socketChannelClass());
        this.ipv4Channels = transport.ipv4SocketChannelFactory();
        this.recent = new RecentSources(1 << 16, settings.preconnectWindow());
    }

    /** A customer from {@code client} was admitted: its next sockets may connect upstream early. */
    void admitted(InetAddress client) {
        recent.admitted(client, System.nanoTime());
    }

    /**
     * Starts the TCP connect to a port's upstream while the socket's request is still on its way,
     * so the request no longer waits for it (what a TCP-mode balancer gets by connecting at accept);
     * only for an address admitted within the pre-connect window, and only to an IP upstream.
     *
     * @return the connection under way, or null when this socket does not connect early
     */
    Early preconnect(Channel inbound, InetAddress client, Upstream upstream) {
        if (upstream == null || !recent.recent(client, System.nanoTime())) {
            return null;
        }
        SocketAddress address = addresses.get(upstream);
        if (!(address instanceof InetSocketAddress a) || a.isUnresolved()) {
            return null;
        }
        return new Early(upstream, connectResolved(inbound, a, null));
    }

    /**
     * @param tunnel true: a byte tunnel to {@code host:targetPort} through the upstream; false: a bare
     *               TCP connection to an HTTP upstream (plain-HTTP forwarding speaks to it directly)
     * @return the upstream channel with autoRead off, or an {@link UpstreamFailure}
     */
    Future<Channel> open(Channel inbound, int port, Upstream upstream, String host, int targetPort, boolean tunnel) {
        return open(inbound, port, upstream, host, targetPort, tunnel, null);
    }

    /**
     * @param early a connection started at accept ({@link #preconnect}), used when it is to the same
     *              upstream and still connecting or connected; otherwise closed and a new one made
     */
    Future<Channel> open(Channel inbound, int port, Upstream upstream, String host, int targetPort, boolean tunnel,
                         Early early) {
        Promise<Channel> promise = inbound.eventLoop().newPromise();
        long startNanos = System.nanoTime();
        long timeoutMillis = settings.connectTimeout().toMillis();
        // the handshake is the channel's only handler: added before registration it starts on channelActive;
        // added to a connection started early it starts at once if that is connected already
        ChannelHandler handler = !tunnel ? NO_HANDLER : upstream.scheme() == UpstreamScheme.SOCKS5
                ? new Socks5UpstreamHandshake(upstream, host, targetPort, promise)
                : new HttpConnectUpstreamHandshake(upstream, host, targetPort, promise);
        ChannelFuture connect;
        if (early != null && early.upstream().equals(upstream)
                && (!early.connect().isDone() || early.connect().channel().isActive())) {
            connect = early.connect();
            if (tunnel) {
                connect.channel().pipeline().addLast(HANDSHAKE, handler); // starts at once when already connected
            }
        } else {
            if (early != null) {
                early.discard(); // failed, closed meanwhile, or the port's upstream changed: a fresh one
            }
            SocketAddress address = addresses.get(upstream);
            connect = address instanceof InetSocketAddress a && !a.isUnresolved()
                    ? connectResolved(inbound, a, handler)
                    : prototype.clone(inbound.eventLoop()).handler(handler).connect(address);
        }
        Channel ch = connect.channel();
        ScheduledFuture<?> timer = inbound.eventLoop().schedule(() -> {
            promise.tryFailure(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, upstream.display()
                    + (ch.isActive() ? " did not answer within " : ": connect timed out after ") + timeoutMillis + " ms"));
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(classify(upstream, f.cause()));
            } else if (!tunnel) {
                ch.config().setAutoRead(false);
                promise.trySuccess(ch);
            }
        });
        ch.closeFuture().addListener(f -> promise.tryFailure(
                new UpstreamFailure(UpstreamFailure.Kind.PROTOCOL, upstream.display() + " closed during the handshake")));
        promise.addListener(f -> {
            timer.cancel(false);
            if (f.isSuccess()) {
                pool.reportSuccess(port, (System.nanoTime() - startNanos) / 1_000_000);
            } else {
                ch.close();
                UpstreamFailure failure = (UpstreamFailure) f.cause();
                if (failure.upstreamAtFault()) {
                    pool.reportFailure(port, failure.getMessage());
                } else {
                    pool.reportSuccess(port, (System.nanoTime() - startNanos) / 1_000_000);
                }
            }
        });
        return promise;
    }

    /**
     * What {@link Bootstrap#connect} does for an address that needs no resolving (handler null: none yet), without a Bootstrap
     * per tunnel (option and attribute maps copied, a resolver looked up under a lock, the connect
     * handed to the loop as a task): new channel, options, handler, register on the customer's
     * loop (inline: we are on it), connect.
     */
    private ChannelFuture connectResolved(Channel inbound, InetSocketAddress address, ChannelHandler handler) {
        Channel ch = (address.getAddress() instanceof Inet4Address ? ipv4Channels : channels).newChannel();
        ch.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        ch.config().setConnectTimeoutMillis(0);
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (handler != null) {
            ch.pipeline().addLast(HANDSHAKE, handler);
        }
        ChannelPromise connected = ch.newPromise();
        inbound.eventLoop().register(ch).addListener((ChannelFutureListener) r -> {
            if (r.isSuccess()) {
                ch.connect(address, connected);
            } else {
                connected.setFailure(r.cause());
                ch.unsafe().closeForcibly();
            }
        });
        return connected;
    }

    /** An IP literal needs no resolver round (Bootstrap would parse it again on every connect). */
    private static SocketAddress address(Upstream upstream) {
        String host = upstream.host();
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        if (ip == null) {
            return InetSocketAddress.createUnresolved(host, upstream.port());
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(host, ip), upstream.port());
        } catch (UnknownHostException e) {
            return InetSocketAddress.createUnresolved(host, upstream.port());
        }
    }

    private static UpstreamFailure classify(Upstream upstream, Throwable cause) {
        String where = upstream.display();
        if (cause instanceof ConnectTimeoutException) {
            return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, where + ": connect timed out", -1, -1, cause);
        }
        if (cause instanceof ConnectException) {
            return new UpstreamFailure(UpstreamFailure.Kind.REFUSED, where + ": connection refused", -1, -1, cause);
        }
        if (cause instanceof UnknownHostException) {
            return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, where + ": unknown host", -1, -1, cause);
        }
        return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, where + ": " + cause, -1, -1, cause);
    }
}
