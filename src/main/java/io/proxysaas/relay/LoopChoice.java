package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * The worker loops as the listeners' child group: which loop a newly accepted socket is registered
 * on. A socket accepted on a worker loop (no boss threads) stays on that loop: no hand-over to
 * another thread, no wake-up of it, and the request that usually arrives with the connection is
 * read in the same pass. Only when that loop already serves clearly more sockets than the least
 * busy one ({@link #SLACK}) does the socket go there instead, so one busy port cannot pile every
 * connection onto one thread. Sockets accepted anywhere else (a boss loop) go round-robin, as
 * Netty's own groups do. Everything else is the worker group's: this view neither owns nor stops it.
 * <p>
 * The sockets a loop serves are counted here, from registration to close, because Netty 4.2's
 * io_uring loops do not count theirs ({@code registeredChannels()} is -1 there).
 */
final class LoopChoice extends AbstractEventExecutorGroup implements EventLoopGroup {

    /** How many more registered sockets the accepting loop may have than the least busy loop. */
    static final int SLACK = 32;

    private final EventLoopGroup workers;
    /** Sockets registered through this view and not closed yet, per worker loop (fixed at construction). */
    private final Map<EventExecutor, AtomicInteger> open = new IdentityHashMap<>();

    LoopChoice(EventLoopGroup workers) {
        this.workers = workers;
        for (EventExecutor e : workers) {
            open.put(e, new AtomicInteger());
        }
    }

    /** The loop for a socket registered now, by the rule above. */
    EventLoop forNewSocket() {
        EventLoop local = null;
        int localCount = -1;
        EventLoop least = null;
        int leastCount = Integer.MAX_VALUE;
        for (EventExecutor e : workers) {
            EventLoop loop = (EventLoop) e;
            int count = open.get(loop).get();
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
        return localCount <= leastCount + SLACK ? local : least;
    }

    /** The loop for {@code channel}, counted there until the channel closes (a failed registration closes it). */
    private EventLoop place(Channel channel) {
        EventLoop loop = forNewSocket();
        AtomicInteger count = open.get(loop);
        count.incrementAndGet();
        channel.closeFuture().addListener(f -> count.decrementAndGet());
        return loop;
    }

    @Override
    public ChannelFuture register(Channel channel) {
        return place(channel).register(channel);
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        return place(promise.channel()).register(promise);
    }

    @Deprecated
    @Override
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        return place(channel).register(channel, promise);
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
