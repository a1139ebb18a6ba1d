package io.proxysaas.relay;

import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
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

    /** Binds and listens: an epoll-transport socket (Netty's native one) or a JDK one for NIO. */
    static RawListener listen(InetSocketAddress address, boolean epoll) throws IOException {
        return epoll ? Native.listen(address) : Jdk.listen(address);
    }

    /** Whether {@link #newChannel()} makes an epoll channel (else NIO). */
    abstract boolean epoll();

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

        private Native(Socket socket) {
            super(socket::close);
            this.socket = socket;
        }

        static Native listen(InetSocketAddress address) throws IOException {
            Socket fresh = Socket.newSocketStream();
            return new Native(prepared(fresh, fresh::close, s -> {
                s.setReuseAddress(true);
                s.bind(address);
                s.listen(NetUtil.SOMAXCONN);
            }));
        }

        @Override
        boolean epoll() {
            return true;
        }

        @Override
        ServerChannel newChannel() {
            return new EpollServerSocketChannel(socket.intValue());
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
        boolean epoll() {
            return false;
        }

        @Override
        ServerChannel newChannel() {
            return new NioServerSocketChannel(socket);
        }
    }
}
