package io.proxysaas.relay;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import java.nio.channels.spi.SelectorProvider;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.RdHupFreeIoHandlers;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.RecvFirstIoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops shared by every relay port and every upstream connection (by default one
 * per core, accepting as well as relaying; optionally separate accept threads): io_uring when the
 * kernel offers it and it is allowed, else epoll when allowed, else NIO.
 * <p>
 * io_uring first (measured 2026-11-27, docs/PERFORMANCE.md): a loop submits all its sockets' reads,
 * writes, connects and closes of one pass to the kernel in one system call, and the completions come
 * back the same way, instead of one system call per operation and per interest change. At 50
 * concurrent short tunnels that costs 10-13 % less CPU per tunnel than epoll (Netty 4.2, 14:25 and 14:34).
 * The loops are {@link WakerLoopGroup}'s: they wait without a kernel timer unless one of theirs is near.
 */
public final class Transport implements AutoCloseable {

    /** The kind of event loops (and of sockets made for them). */
    public enum Kind {
        IO_URING, EPOLL, NIO;

        /** The fastest kind the settings allow and this kernel offers (io_uring may be forbidden, e.g. by seccomp). */
        public static Kind choose(boolean allowNative, boolean allowIoUring) {
            if (allowNative && allowIoUring && IoUring.isAvailable()) {
                return IO_URING;
            }
            return allowNative && Epoll.isAvailable() ? EPOLL : NIO;
        }
    }

    private final Kind kind;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final EventLoopGroup childGroup;
    private final int workers;

    /**
     * @param kind          what {@link Kind#choose} chose (a kind this kernel does not offer fails here)
     * @param workerThreads 0 = one per available core (as HAProxy's nbthread: more loops than cores
     *                      only add wake-ups and context switches)
     * @param bossThreads   threads that only accept; 0 = the worker loops accept too, and an accepted
     *                      socket stays on its loop ({@link LoopChoice}: no hand-over to another thread)
     */
    public Transport(Kind kind, int workerThreads, int bossThreads) {
        this.kind = kind;
        workers = workerThreads > 0 ? workerThreads : Runtime.getRuntime().availableProcessors();
        workerGroup = loops(workers, new DefaultThreadFactory("relay-worker", true));
        childGroup = new LoopChoice(workerGroup);
        bossGroup = bossThreads <= 0 ? workerGroup : loops(bossThreads, new DefaultThreadFactory("relay-boss", true));
    }

    private EventLoopGroup loops(int threads, DefaultThreadFactory factory) {
        return switch (kind) {
            case IO_URING -> new WakerLoopGroup(threads, factory, RdHupFreeIoHandlers.newFactory());
            case EPOLL -> new WakerLoopGroup(threads, factory, EpollIoHandler.newFactory());
            case NIO -> new WakerLoopGroup(threads, factory, NioIoHandler.newFactory());
        };
    }

    public Kind kind() {
        return kind;
    }

    /** For the start-up log: the kind and number of loops, and why not io_uring when it was allowed but is not used. */
    public String describe(boolean ioUringAllowed) {
        String text = kind.name().toLowerCase(java.util.Locale.ROOT) + ", " + workers + " loop" + (workers == 1 ? "" : "s");
        Throwable missing = IoUring.unavailabilityCause();
        if (ioUringAllowed && kind != Kind.IO_URING && missing != null) {
            text += " (io_uring unavailable: " + (missing.getMessage() != null ? missing.getMessage() : missing) + ")";
        }
        return text;
    }

    /** Whether the loops are native ones (io_uring or epoll), as camel-netty's {@code nativeTransport} asks. */
    public boolean isNative() {
        return kind != Kind.NIO;
    }

    public EventLoopGroup bossGroup() {
        return bossGroup;
    }

    public EventLoopGroup workerGroup() {
        return workerGroup;
    }

    /** The worker loops as the listeners' child group: an accepted socket stays on the loop that accepted it ({@link LoopChoice}). */
    public EventLoopGroup childGroup() {
        return childGroup;
    }

    public Class<? extends ServerSocketChannel> serverChannelClass() {
        return switch (kind) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    /** Client channels for IPv4 peers, built without reflection. */
    public ChannelFactory<SocketChannel> ipv4SocketChannelFactory() {
        return switch (kind) {
            case IO_URING -> RecvFirstIoUringSocketChannel::ipv4;
            case EPOLL -> () -> new EpollSocketChannel(InternetProtocolFamily.IPv4);
            case NIO -> () -> new NioSocketChannel(SelectorProvider.provider(), InternetProtocolFamily.IPv4);
        };
    }

    public Class<? extends SocketChannel> socketChannelClass() {
        return switch (kind) {
            case IO_URING -> RecvFirstIoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** Stops both groups; waits a little so that tests and shutdown leave no threads behind. */
    @Override
    public void close() {
        if (bossGroup != workerGroup) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        bossGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "Transport[" + kind.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
}
