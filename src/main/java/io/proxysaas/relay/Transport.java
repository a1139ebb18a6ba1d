package io.proxysaas.relay;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import java.nio.channels.spi.SelectorProvider;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops shared by every relay port and every upstream connection (by default one
 * per core, accepting as well as relaying; optionally separate accept threads): epoll when the
 * kernel offers it and it is allowed, NIO otherwise.
 */
public final class Transport implements AutoCloseable {

    private final boolean epoll;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final EventLoopGroup childGroup;

    /** Worker loops that accept too (the default), @param workerThreads 0 = one per available core */
    public Transport(boolean allowNative, int workerThreads) {
        this(allowNative, workerThreads, 0);
    }

    /**
     * @param workerThreads 0 = one per available core (as HAProxy's nbthread: more loops than cores
     *                      only add wake-ups and context switches)
     * @param bossThreads   threads that only accept; 0 = the worker loops accept too, and an accepted
     *                      socket stays on its loop ({@link LoopChoice}: no hand-over to another thread)
     */
    public Transport(boolean allowNative, int workerThreads, int bossThreads) {
        this.epoll = usesEpoll(allowNative);
        int workers = workerThreads > 0 ? workerThreads : Runtime.getRuntime().availableProcessors();
        DefaultThreadFactory workerThreadsFactory = new DefaultThreadFactory("relay-worker", true);
        workerGroup = epoll ? new EpollEventLoopGroup(workers, workerThreadsFactory)
                : new NioEventLoopGroup(workers, workerThreadsFactory);
        childGroup = new LoopChoice(workerGroup);
        if (bossThreads <= 0) {
            bossGroup = workerGroup;
        } else {
            DefaultThreadFactory bossThreadFactory = new DefaultThreadFactory("relay-boss", true);
            bossGroup = epoll ? new EpollEventLoopGroup(bossThreads, bossThreadFactory)
                    : new NioEventLoopGroup(bossThreads, bossThreadFactory);
        }
    }

    /** Whether loops made with {@code allowNative} are epoll ones (else NIO): what sockets made for them must match. */
    static boolean usesEpoll(boolean allowNative) {
        return allowNative && Epoll.isAvailable();
    }

    public boolean isEpoll() {
        return epoll;
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
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Client channels for IPv4 peers, built without reflection. */
    public ChannelFactory<SocketChannel> ipv4SocketChannelFactory() {
        return epoll ? () -> new EpollSocketChannel(InternetProtocolFamily.IPv4)
                : () -> new NioSocketChannel(SelectorProvider.provider(), InternetProtocolFamily.IPv4);
    }

    public Class<? extends SocketChannel> socketChannelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
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
        return "Transport[" + (epoll ? "epoll" : "nio") + "]";
    }
}
