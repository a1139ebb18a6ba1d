package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the listeners' child group registers new sockets: real event loops, real (unconnected) channels. */
class LoopChoiceTest {

    /** Where the spin's result goes, so that the JIT cannot drop the spin. */
    private static volatile long sink;

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void fromOutsideTheLoopsSocketsGoRoundRobin(boolean allowNative) throws Exception {
        try (Transport transport = TestTransports.of(allowNative, 2)) {
            List<Channel> channels = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    channels.add(register(transport, transport.childGroup()));
                }
                assertThat(channels.get(0).eventLoop()).isNotSameAs(channels.get(1).eventLoop());
                assertThat(channels.get(0).eventLoop()).isSameAs(channels.get(2).eventLoop());
            } finally {
                channels.forEach(Channel::close);
            }
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void aSocketRegisteredFromAnIdleWorkerLoopStaysOnItUntilThatLoopHoldsSlackMoreSockets(boolean allowNative) throws Exception {
        try (Transport transport = TestTransports.of(allowNative, 2)) {
            EventLoopGroup group = transport.childGroup();
            EventLoop first = (EventLoop) group.iterator().next();
            List<Channel> channels = new ArrayList<>();
            try {
                // every registration made on `first` (as an accept there does) stays on `first` ...
                for (int i = 0; i <= LoopLoad.SLACK; i++) {
                    Channel ch = registerFrom(first, transport, group);
                    channels.add(ch);
                    assertThat(ch.eventLoop()).as("registration %d", i).isSameAs(first);
                }
                // ... until it serves SLACK more sockets than the other loop: then the other loop takes it
                Channel spilled = registerFrom(first, transport, group);
                channels.add(spilled);
                assertThat(spilled.eventLoop()).isSameAs(other(group, first));
                // a closed socket no longer counts: with two of them gone `first` takes new sockets again
                channels.remove(0).close().sync();
                channels.remove(0).close().sync();
                Channel back = registerFrom(first, transport, group);
                channels.add(back);
                assertThat(back.eventLoop()).as("after two closes").isSameAs(first);
            } finally {
                channels.forEach(Channel::close);
            }
        }
    }

    @Test
    void aBusyAcceptingLoopHandsNewSocketsToAnIdlerOneAndTakesThemAgainOnceItHasHeadroom() throws Exception {
        try (Transport transport = TestTransports.fastest(2)) {
            EventLoop first = (EventLoop) transport.workerGroup().iterator().next();
            EventLoop second = other(transport.workerGroup(), first);
            AtomicLong now = new AtomicLong();
            Map<EventLoop, AtomicLong> cpu = Map.of(first, new AtomicLong(), second, new AtomicLong());
            LoopChoice choice = new LoopChoice(transport.workerGroup(), now::get, loop -> cpu.get(loop).get());
            List<Channel> channels = new ArrayList<>();
            try {
                // first window: `first` used 40 % of a core: headroom, the socket stays
                advance(now, cpu, first, 0.4, second, 0.0);
                channels.add(registerFrom(first, transport, choice));
                assertThat(channels.get(0).eventLoop()).isSameAs(first);
                // within the same window the sample is not taken again, whatever the clocks say
                cpu.get(first).addAndGet(LoopChoice.WINDOW_NANOS);
                channels.add(registerFrom(first, transport, choice));
                assertThat(channels.get(1).eventLoop()).isSameAs(first);
                // next window: `first` used 90 % of a core, `second` 10 %: the idler loop takes it
                now.addAndGet(LoopChoice.WINDOW_NANOS);
                cpu.get(first).addAndGet((long) (0.9 * LoopChoice.WINDOW_NANOS) - LoopChoice.WINDOW_NANOS);
                cpu.get(second).addAndGet((long) (0.1 * LoopChoice.WINDOW_NANOS));
                channels.add(registerFrom(first, transport, choice));
                assertThat(channels.get(2).eventLoop()).isSameAs(second);
                assertThat(choice.busy()).containsExactly(new double[] {0.9, 0.1}, within(0.01));
                // both busy alike: no ping-pong, the socket stays where it was accepted
                advance(now, cpu, first, 0.8, second, 0.7);
                channels.add(registerFrom(second, transport, choice));
                assertThat(channels.get(3).eventLoop()).isSameAs(second);
                // `first` has headroom again
                advance(now, cpu, first, 0.2, second, 0.9);
                channels.add(registerFrom(first, transport, choice));
                assertThat(channels.get(4).eventLoop()).isSameAs(first);
            } finally {
                channels.forEach(Channel::close);
            }
        }
    }

    @Test
    void theRelayLoopsCpuClockCountsWhatTheLoopsThreadUsed() throws Exception {
        try (Transport transport = TestTransports.fastest(2)) {
            EventLoop first = (EventLoop) transport.workerGroup().iterator().next();
            assertThat(first).isInstanceOf(WakerLoopGroup.Loop.class);
            WakerLoopGroup.Loop loop = (WakerLoopGroup.Loop) first;
            first.submit(() -> { }).get(5, TimeUnit.SECONDS);
            long before = loop.cpuNanos();
            long spun = first.submit(() -> spinCpu(TimeUnit.MILLISECONDS.toNanos(30))).get(5, TimeUnit.SECONDS);
            long after = loop.cpuNanos();
            assertThat(before).isNotNegative();
            assertThat(after - before).isGreaterThanOrEqualTo(spun);
        }
    }

    /** Moves the fake clock one window on, in which each loop used the given share of a core. */
    private static void advance(AtomicLong now, Map<EventLoop, AtomicLong> cpu, EventLoop a, double shareA,
                                EventLoop b, double shareB) {
        now.addAndGet(LoopChoice.WINDOW_NANOS);
        cpu.get(a).addAndGet((long) (shareA * LoopChoice.WINDOW_NANOS));
        cpu.get(b).addAndGet((long) (shareB * LoopChoice.WINDOW_NANOS));
    }

    /** Burns this thread's CPU until its CPU clock advanced {@code nanos}; returns how far it advanced. */
    private static long spinCpu(long nanos) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long used = 0;
        long x = 0;
        while (used < nanos) {
            for (int i = 0; i < 10_000; i++) {
                x += i * 31L ^ x;
            }
            used = threads.getCurrentThreadCpuTime() - start;
        }
        sink = x;
        return used;
    }

    private static EventLoop other(EventLoopGroup group, EventLoop loop) {
        for (EventExecutor e : group) {
            if (e != loop) {
                return (EventLoop) e;
            }
        }
        throw new AssertionError("one loop only");
    }

    /** {@link #register} run on {@code loop}, as an accept there would. */
    private static Channel registerFrom(EventLoop loop, Transport transport, EventLoopGroup group) throws Exception {
        return loop.submit(() -> register(transport, group)).get(5, TimeUnit.SECONDS);
    }

    /** An unconnected client socket registered through {@code group}; waits only when called off the loops. */
    private static Channel register(Transport transport, EventLoopGroup group) throws Exception {
        Channel ch = transport.ipv4SocketChannelFactory().newChannel();
        var future = group.register(ch);
        if (!ch.eventLoop().inEventLoop()) {
            future.sync();
        } else {
            assertThat(future.isSuccess()).as("registered at once on its own loop").isTrue();
        }
        return ch;
    }
}
