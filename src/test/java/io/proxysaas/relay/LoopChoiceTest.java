package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the listeners' child group registers new sockets: real event loops, real (unconnected) channels. */
class LoopChoiceTest {

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
    void aSocketRegisteredFromAWorkerLoopStaysOnItUntilThatLoopIsClearlyBusier(boolean allowNative) throws Exception {
        try (Transport transport = TestTransports.of(allowNative, 2)) {
            EventLoopGroup group = transport.childGroup();
            EventLoop first = (EventLoop) group.iterator().next();
            List<Channel> channels = new ArrayList<>();
            try {
                // every registration made on `first` (as an accept there does) stays on `first` ...
                for (int i = 0; i <= LoopChoice.SLACK; i++) {
                    Channel ch = first.submit(() -> register(transport, group)).get(5, TimeUnit.SECONDS);
                    channels.add(ch);
                    assertThat(ch.eventLoop()).as("registration %d", i).isSameAs(first);
                }
                // ... until it serves SLACK more sockets than the other loop: then the other loop takes it
                Channel spilled = first.submit(() -> register(transport, group)).get(5, TimeUnit.SECONDS);
                channels.add(spilled);
                EventLoop other = null;
                for (EventExecutor e : group) {
                    if (e != first) {
                        other = (EventLoop) e;
                    }
                }
                assertThat(spilled.eventLoop()).isSameAs(other);
                // a closed socket no longer counts: with two of them gone `first` takes new sockets again
                channels.remove(0).close().sync();
                channels.remove(0).close().sync();
                Channel back = first.submit(() -> register(transport, group)).get(5, TimeUnit.SECONDS);
                channels.add(back);
                assertThat(back.eventLoop()).as("after two closes").isSameAs(first);
            } finally {
                channels.forEach(Channel::close);
            }
        }
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
