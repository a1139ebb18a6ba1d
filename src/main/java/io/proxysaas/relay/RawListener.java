package io.proxysaas.relay;

import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.uring.AdoptedIoUringServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.Socket;
import io.netty.util.NetUtil;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * A socket bound and listening, known to no event loop yet: the kernel completes connections to it
 * and queues them. {@link #newChannel()} wraps it into the server channel of the matching transport
 * (once; the channel owns the socket from then on). Made as Netty's server channels make theirs:
 * SO_REUSEADDR, the system's {@code somaxconn} backlog, an IPv6 socket where the JVM prefers one.
 */
abstract class RawListener {

    /** The socket until a channel takes it over. */
    private final Closeable socket;

    private RawListener(Closeable socket) {
        this.socket = socket;
    }

    /** Binds and listens: Netty's native socket for io_uring and epoll, a JDK one for NIO. */
    static RawListener listen(InetSocketAddress address, Transport.Kind kind) throws IOException {
        return kind == Transport.Kind.NIO ? Jdk.listen(address) : Native.listen(address, kind);
    }

    /** The kind of loops the channel of {@link #newChannel()} must be registered with. */
    abstract Transport.Kind kind();

    /** The server channel for this socket (called once, by the bootstrap that registers it). */
    abstract ServerChannel newChannel();

    /** Closes the socket (only while no channel was made for it). */
    final void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket nobody used: nothing to report
        }
    }

    /** Runs {@code setUp} on a fresh socket, closing it ({@code closer}) when that fails. */
    private static <S> S prepared(S socket, Closeable closer, SetUp<S> setUp) throws IOException {
        try {
            setUp.apply(socket);
            return socket;
        } catch (IOException | RuntimeException e) {
            closer.close();
            throw e;
        }
    }

    @FunctionalInterface
    private interface SetUp<S> {
        void apply(S socket) throws IOException;
    }

    private static final class Native extends RawListener {
        private final Socket socket;
        private final Transport.Kind kind;

        private Native(Socket socket, Transport.Kind kind) {
            super(socket::close);
            this.socket = socket;
            this.kind = kind;
        }

        static Native listen(InetSocketAddress address, Transport.Kind kind) throws IOException {
            Socket fresh = Socket.newSocketStream();
            return new Native(prepared(fresh, fresh::close, s -> {
                s.setReuseAddress(true);
                s.bind(address);
                s.listen(NetUtil.SOMAXCONN);
            }), kind);
        }

        @Override
        Transport.Kind kind() {
            return kind;
        }

        @Override
        ServerChannel newChannel() {
            return kind == Transport.Kind.IO_URING ? new AdoptedIoUringServerSocketChannel(socket.intValue())
                    : new EpollServerSocketChannel(socket.intValue());
        }
    }

    private static final class Jdk extends RawListener {
        private final ServerSocketChannel socket;

        private Jdk(ServerSocketChannel socket) {
            super(socket);
            this.socket = socket;
        }

        static Jdk listen(InetSocketAddress address) throws IOException {
            ServerSocketChannel fresh = ServerSocketChannel.open();
            return new Jdk(prepared(fresh, fresh, s -> {
                s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                s.bind(address, NetUtil.SOMAXCONN);
            }));
        }

        @Override
        Transport.Kind kind() {
            return Transport.Kind.NIO;
        }

        @Override
        ServerChannel newChannel() {
            return new NioServerSocketChannel(socket);
        }
    }
}
