package io.proxysaas.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.AbstractEventExecutorGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The worker loops as the listeners' child group: which loop a newly accepted socket is registered
 * on. A socket accepted on a worker loop (no boss threads) stays on that loop while the loop has
 * headroom: no hand-over to another thread, no wake-up of it, the request that usually arrives with
 * the connection is read in the same pass, and one loop serving a busy port wakes once for many
 * events. It goes to another loop when the accepting one is busy or crowded ({@link LoopLoad}, from
 * each loop's CPU use over the last {@link #WINDOW_NANOS} and its open sockets), so one busy port
 * cannot pile every connection onto one thread. Sockets accepted anywhere else (a boss loop) go
 * round-robin, as Netty's own groups do. Everything else is the worker group's: this view neither
 * owns nor stops it.
 * <p>
 * The sockets a loop serves are counted here, from registration to close, because Netty 4.2's
 * io_uring loops do not count theirs ({@code registeredChannels()} is -1 there). CPU use is sampled
 * by whichever loop places a socket when the last sample is a window old: one read of each loop
 * thread's CPU clock, at most 20 times a second and only while sockets arrive.
 */
final class LoopChoice extends AbstractEventExecutorGroup implements EventLoopGroup {

    /** The window over which a loop's CPU use is measured before it is sampled again. */
    static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final EventLoopGroup workers;
    private final EventLoop[] loops;
    /** Sockets registered through this view and not closed yet, per worker loop. */
    private final AtomicInteger[] open;
    private final LongSupplier nanoTime;
    private final ToLongFunction<EventLoop> cpuNanos;
    /** Each loop's CPU clock at the last sample; touched only by the thread holding {@link #sampling}. */
    private final long[] lastCpu;
    /** When the last sample was taken ({@link #nanoTime}'s time). */
    private volatile long lastAt;
    private final AtomicBoolean sampling = new AtomicBoolean();
    /** Each loop's share of one core over the last window (0 while unknown). */
    private volatile double[] busy;

    LoopChoice(EventLoopGroup workers) {
        this(workers, System::nanoTime, LoopChoice::threadCpuNanos);
    }

    /** With the clock and each loop's CPU clock given (ns; negative when unknown): tests pass their own. */
    LoopChoice(EventLoopGroup workers, LongSupplier nanoTime, ToLongFunction<EventLoop> cpuNanos) {
        this.workers = workers;
        List<EventLoop> all = new ArrayList<>();
        workers.forEach(e -> all.add((EventLoop) e));
        this.loops = all.toArray(EventLoop[]::new);
        this.open = new AtomicInteger[loops.length];
        for (int i = 0; i < loops.length; i++) {
            open[i] = new AtomicInteger();
        }
        this.nanoTime = nanoTime;
        this.cpuNanos = cpuNanos;
        this.lastCpu = new long[loops.length];
        for (int i = 0; i < loops.length; i++) {
            lastCpu[i] = cpuNanos.applyAsLong(loops[i]);
        }
        this.busy = new double[loops.length];
        this.lastAt = nanoTime.getAsLong();
    }

    /** The CPU clock of a relay loop's thread; -1 for loops that are not {@link WakerLoopGroup}'s. */
    private static long threadCpuNanos(EventLoop loop) {
        return loop instanceof WakerLoopGroup.Loop waker ? waker.cpuNanos() : -1;
    }

    /** The loop for a socket registered now, by the rule above. */
    EventLoop forNewSocket() {
        int local = -1;
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].inEventLoop()) {
                local = i;
                break;
            }
        }
        if (local < 0) {
            return workers.next();
        }
        int[] counts = new int[loops.length];
        for (int i = 0; i < loops.length; i++) {
            counts[i] = open[i].get();
        }
        return loops[LoopLoad.choose(local, busy(), counts)];
    }

    /** Each loop's share of a core over the last window; samples anew when that window has passed. */
    double[] busy() {
        long now = nanoTime.getAsLong();
        if (now - lastAt >= WINDOW_NANOS && sampling.compareAndSet(false, true)) {
            try {
                long elapsedNanos = now - lastAt;
                if (elapsedNanos < WINDOW_NANOS) {
                    return busy; // another loop sampled between the check and the claim
                }
                double elapsed = elapsedNanos;
                double[] shares = new double[loops.length];
                for (int i = 0; i < loops.length; i++) {
                    long cpu = cpuNanos.applyAsLong(loops[i]);
                    shares[i] = cpu < 0 || lastCpu[i] < 0 ? 0 : Math.max(0, cpu - lastCpu[i]) / elapsed;
                    lastCpu[i] = cpu;
                }
                busy = shares;
                lastAt = now;
            } finally {
                sampling.set(false);
            }
        }
        return busy;
    }

    /** The loop for {@code channel}, counted there until the channel closes (a failed registration closes it). */
    private EventLoop place(Channel channel) {
        EventLoop loop = forNewSocket();
        AtomicInteger count = open[indexOf(loop)];
        count.incrementAndGet();
        channel.closeFuture().addListener(f -> count.decrementAndGet());
        return loop;
    }

    private int indexOf(EventLoop loop) {
        for (int i = 0; i < loops.length; i++) {
            if (loops[i] == loop) {
                return i;
            }
        }
        throw new IllegalStateException("not a loop of this group: " + loop);
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
