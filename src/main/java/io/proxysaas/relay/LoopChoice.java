package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker loops as the listeners' child group: which loop a newly accepted socket is registered
 * on. A socket accepted on a worker loop (no boss threads) stays on that loop: no hand-over to
 * another thread, no wake-up of it, and the request that usually arrives with the connection is
 * read in the same pass. Only when that loop already serves clearly more sockets than the least
 * busy one ({@link #SLACK}) does the socket go there instead, so one busy port cannot pile every
 * connection onto one thread. Sockets accepted anywhere else (a boss loop) go round-robin, as
 * Netty's own groups do. Everything else is the worker group's: this view neither owns nor stops it.
 */
final class LoopChoice extends AbstractEventExecutorGroup implements EventLoopGroup {

    /** How many more registered sockets the accepting loop may have than the least busy loop. */
    static final int SLACK = 32;

    private final EventLoopGroup workers;

    LoopChoice(EventLoopGroup workers) {
        this.workers = workers;
    }

    /** The loop for a socket registered now, by the rule above. */
    EventLoop forNewSocket() {
        EventLoop local = null;
        int localCount = -1;
        EventLoop least = null;
        int leastCount = Integer.MAX_VALUE;
        for (EventExecutor e : workers) {
            EventLoop loop = (EventLoop) e;
            int count = registered(loop);
            if (loop.inEventLoop()) {
                local = loop;
                localCount = count;
            }
            if (count < leastCount) {
                least = loop;
                leastCount = count;
            }
        }
        if (local == null) {
            return workers.next();
        }
        return localCount < 0 || leastCount < 0 || localCount <= leastCount + SLACK ? local : least;
    }

    /** The loop's registered channels, or -1 where the loop does not count them. */
    private static int registered(EventLoop loop) {
        return loop instanceof SingleThreadEventLoop s ? s.registeredChannels() : -1;
    }

    @Override
    public ChannelFuture register(Channel channel) {
        return forNewSocket().register(channel);
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        return forNewSocket().register(promise);
    }

    @Deprecated
    @Override
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        return forNewSocket().register(channel, promise);
    }

    @Override
    public EventLoop next() {
        return workers.next();
    }

    @Override
    public Iterator<EventExecutor> iterator() {
        return workers.iterator();
    }

    @Override
    public boolean isShuttingDown() {
        return workers.isShuttingDown();
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        return workers.shutdownGracefully(quietPeriod, timeout, unit);
    }

    @Override
    public Future<?> terminationFuture() {
        return workers.terminationFuture();
    }

    @Deprecated
    @Override
    public void shutdown() {
        workers.shutdownGracefully();
    }

    @Deprecated
    @Override
    public List<Runnable> shutdownNow() {
        workers.shutdownGracefully();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return workers.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return workers.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return workers.awaitTermination(timeout, unit);
    }
}
