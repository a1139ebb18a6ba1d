package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.RdHupFreeIoHandlers;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The relay's loops on each transport this kernel offers, with the real I/O handler inside a recorder
 * of the deadline each wait is given: far timers run on time though no wait carries a deadline, near
 * ones keep the handler's, an earlier timer moves the wake-up forward, a cancelled one only costs a
 * spurious wake-up, and the waker stops with the group.
 */
class WakerLoopGroupTest {

    private static final long BOUND_MS = 5_000;

    private WakerLoopGroup group;
    private final List<Long> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void a_far_timer_runs_on_time_and_no_wait_carries_a_deadline(Transport.Kind kind) throws Exception {
        EventExecutor loop = start(kind);

        long ran = runAfter(loop, 300);

        assertThat(ran).as("ms until the 300 ms timer ran").isBetween(300L, BOUND_MS);
        assertThat(waits).as("deadlines handed to the I/O handler's waits").isNotEmpty().containsOnly(-1L);
        assertThat(group.wakesScheduled()).as("wake-ups scheduled on the waker").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void an_idle_loop_waits_without_a_deadline(Transport.Kind kind) throws Exception {
        EventExecutor loop = start(kind);
        loop.submit(() -> { }).sync();
        waitUntil(() -> !waits.isEmpty());

        assertThat(waits).containsOnly(-1L);
        assertThat(group.wakesScheduled()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void a_near_timer_keeps_the_handlers_own_deadline(Transport.Kind kind) throws Exception {
        EventExecutor loop = start(kind);

        long ran = runAfter(loop, 5);

        assertThat(ran).isBetween(5L, BOUND_MS);
        assertThat(waits).as("a wait with the 5 ms timer's deadline").anyMatch(deadline -> deadline != -1L);
        assertThat(group.wakesScheduled()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void an_earlier_timer_moves_the_wake_up_forward_and_a_cancelled_one_is_harmless(Transport.Kind kind)
            throws Exception {
        EventExecutor loop = start(kind);
        ScheduledFuture<?> far = loop.schedule(() -> { }, 60, TimeUnit.SECONDS);
        waitUntil(() -> group.wakesScheduled() == 1);
        ScheduledFuture<?> cancelled = loop.schedule(() -> { }, 300, TimeUnit.MILLISECONDS);
        waitUntil(() -> group.wakesScheduled() == 2); // moved forward to 300 ms
        cancelled.cancel(false);

        long ran = runAfter(loop, 600); // after the cancelled timer's stale wake-up

        assertThat(ran).as("ms until the 600 ms timer ran (not 60 s)").isBetween(600L, BOUND_MS);
        assertThat(far.isDone()).isFalse();
        assertThat(waits).containsOnly(-1L);
        far.cancel(false);
    }

    /**
     * As traffic shaping does: each timer, when it runs, sets the next. The woken loop asks for its next
     * wake-up at once, often while the waker thread is still inside the task that woke it.
     */
    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void a_chain_of_timers_each_setting_the_next_runs_to_its_end(Transport.Kind kind) throws Exception {
        EventExecutor loop = start(kind);
        int links = 40;
        CompletableFuture<Long> last = new CompletableFuture<>();
        long start = System.nanoTime();
        loop.execute(new Runnable() {
            int ran;

            @Override
            public void run() {
                if (ran++ == links) {
                    last.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                } else {
                    loop.schedule(this, 25, TimeUnit.MILLISECONDS);
                }
            }
        });

        assertThat(last.get(BOUND_MS * 4, TimeUnit.MILLISECONDS)).as("ms for %d timers of 25 ms", links)
                .isBetween(links * 25L, BOUND_MS * 4);
    }

    @ParameterizedTest
    @EnumSource(Transport.Kind.class)
    void the_waker_stops_with_the_group(Transport.Kind kind) throws Exception {
        EventExecutor loop = start(kind);
        loop.schedule(() -> { }, 60, TimeUnit.SECONDS);
        waitUntil(() -> group.wakesScheduled() == 1);

        assertThat(group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS)).isTrue();

        waitUntil(group::wakerStopped);
        group = null;
    }

    /** Schedules a task {@code delayMs} out from the loop's own thread; ms until it ran. */
    private static long runAfter(EventExecutor loop, long delayMs) throws Exception {
        CompletableFuture<Long> ran = new CompletableFuture<>();
        long start = System.nanoTime();
        loop.execute(() -> loop.schedule(() -> ran.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)),
                delayMs, TimeUnit.MILLISECONDS));
        return ran.get(BOUND_MS * 2, TimeUnit.MILLISECONDS);
    }

    private EventExecutor start(Transport.Kind kind) {
        IoHandlerFactory io = switch (kind) {
            case IO_URING -> {
                assumeTrue(IoUring.isAvailable(), "io_uring not offered here");
                yield RdHupFreeIoHandlers.newFactory();
            }
            case EPOLL -> {
                assumeTrue(Epoll.isAvailable(), "epoll not offered here");
                yield EpollIoHandler.newFactory();
            }
            case NIO -> NioIoHandler.newFactory();
        };
        group = new WakerLoopGroup(1, new DefaultThreadFactory("waker-test", true), ForwardingIoHandler.wrapping(io, Recorder::new));
        return group.next();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - end).as("condition within %d ms", BOUND_MS).isNegative();
            Thread.sleep(5);
        }
    }

    /** The real handler; notes the deadline of every run that may wait. */
    private final class Recorder extends ForwardingIoHandler {
        Recorder(IoHandler delegate) {
            super(delegate);
        }

        @Override
        public int run(IoHandlerContext context) {
            if (context.canBlock()) {
                waits.add(context.deadlineNanos());
            }
            return delegate.run(context);
        }
    }
}
