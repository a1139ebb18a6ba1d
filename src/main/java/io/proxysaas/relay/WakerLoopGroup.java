package io.proxysaas.relay;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The relay's event loops: Netty's, except that a loop about to wait for I/O tells its I/O handler a
 * deadline only when its next timer is near ({@link #NEAR_NANOS}); a later timer is left to one
 * waker thread shared by the group, which wakes the loop when that timer is due, and no timer at all
 * means waiting without a deadline.
 * <p>
 * Why: Netty 4.2's loop always hands its handler a deadline — the next timer's, or one second ahead
 * when none is pending — and the io_uring handler turns every deadline into an {@code IORING_OP_TIMEOUT}
 * submission (and its completion) on every wait: 2.1 of the ~15 submissions of a short tunnel, each a
 * kernel timer armed and torn down, and an idle loop woke every second. The relay's timers are far
 * (handshake, connect and idle timeouts of seconds) and nearly always cancelled before they are due
 * (a short tunnel cancels its two), so the waker's schedule changes only when a loop's earliest timer
 * moves earlier: rarely, since a new timer lies behind the ones already pending. A stale wake (its
 * timer was cancelled) costs one spurious wake-up of the loop, which then asks for the next one.
 * Near timers (traffic shaping, a reply's linger) keep the kernel's exact timer.
 */
public final class WakerLoopGroup extends MultiThreadIoEventLoopGroup {

    /** Timers due within this keep the I/O handler's own deadline; later ones go to the waker. */
    static final long NEAR_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ScheduledThreadPoolExecutor waker;
    private final LongAdder wakesScheduled;

    public WakerLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory) {
        this(threads, threadFactory, ioHandlerFactory, newWaker(), new LongAdder());
    }

    private WakerLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory,
                           ScheduledThreadPoolExecutor waker, LongAdder wakesScheduled) {
        super(threads, threadFactory, ioHandlerFactory, waker, wakesScheduled);
        this.waker = waker;
        this.wakesScheduled = wakesScheduled;
        terminationFuture().addListener(f -> waker.shutdownNow());
    }

    private static ScheduledThreadPoolExecutor newWaker() {
        ScheduledThreadPoolExecutor waker = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("relay-waker", true));
        waker.setRemoveOnCancelPolicy(true);
        return waker;
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new Loop(this, executor, ioHandlerFactory, (ScheduledThreadPoolExecutor) args[0], (LongAdder) args[1]);
    }

    /** Wake-ups scheduled on the waker so far, by all loops (for tests). */
    long wakesScheduled() {
        return wakesScheduled.sum();
    }

    boolean wakerStopped() {
        return waker.isTerminated();
    }

    static final class Loop extends SingleThreadIoEventLoop {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        /** Whether this JVM measures other threads' CPU time (HotSpot on Linux does; without it placement goes by socket counts). */
        private static final boolean CPU_CLOCKS = THREADS.isThreadCpuTimeSupported();

        private final ScheduledThreadPoolExecutor waker;
        private final LongAdder wakesScheduled;
        /**
         * Cleared by a wake-up BEFORE it wakes the loop: a loop that sees it set can rely on a wake-up still
         * to come. (The future's {@code isDone()} cannot tell: the woken loop may ask while the waker is still
         * inside the task, and would then wait forever for a wake-up that already happened.)
         */
        private volatile boolean armed;
        private final Runnable wake = () -> {
            armed = false;
            if (!isShuttingDown()) {
                wakeup(false);
            }
        };
        /** The latest wake-up scheduled and when it is due (in {@link #getCurrentTimeNanos()}'s time); loop thread only. */
        private ScheduledFuture<?> pending;
        private long pendingAt;
        /** The id of the thread running this loop (0 before it first runs), for {@link #cpuNanos()}. */
        private volatile long threadId;

        Loop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory ioHandlerFactory,
             ScheduledThreadPoolExecutor waker, LongAdder wakesScheduled) {
            super(parent, executor, ioHandlerFactory);
            this.waker = waker;
            this.wakesScheduled = wakesScheduled;
        }

        @Override
        protected void run() {
            threadId = Thread.currentThread().getId();
            super.run();
        }

        /** CPU time the loop's thread has used so far (ns), from any thread; -1 before it runs or when not measurable. */
        long cpuNanos() {
            long id = threadId;
            return id == 0 || !CPU_CLOCKS ? -1 : THREADS.getThreadCpuTime(id);
        }

        /** Asked by the I/O handler, on this loop's thread, just before it waits. */
        @Override
        protected long deadlineNanos() {
            long deadline = nextScheduledTaskDeadlineNanos();
            if (deadline == -1) {
                return -1;
            }
            long now = getCurrentTimeNanos();
            if (deadline - now <= NEAR_NANOS) {
                return deadline;
            }
            wakeBy(deadline, now);
            return -1;
        }

        private void wakeBy(long deadline, long now) {
            if (armed && pendingAt - deadline <= 0) {
                return; // an earlier (or the same) wake-up is on its way
            }
            if (pending != null) {
                pending.cancel(false);
            }
            pendingAt = deadline;
            armed = true;
            pending = waker.schedule(wake, deadline - now, TimeUnit.NANOSECONDS);
            wakesScheduled.increment();
        }
    }
}
