package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.proxysaas.observe.ConnectionSummary;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The customer socket's one timer (ByteMeter): handshake deadline, then idle timeout, both on the
 * loop's own clock; traffic either way restarts the idle clock; the counters see every byte.
 */
class ByteMeterTest {

    private final ConcurrentLinkedQueue<ConnectionSummary> summaries = new ConcurrentLinkedQueue<>();
    private final Transport transport = TestTransports.nio(1);
    private EmbeddedChannel ch;

    /** A customer socket whose handshake is over: the sniffer is replaced by a sink that swallows bytes. */
    private RelaySession handshaken(Duration idle) {
        RelaySettings settings = new RelaySettings(Duration.ofSeconds(30), Duration.ofSeconds(1), idle, 8192, "n");
        ch = new EmbeddedChannel(new RelayInitializerFactory(new TestPool(), new TestAccess(), settings, transport,
                summaries::add, new ConnectionRegistry()).forPort(7));
        ch.pipeline().replace(ProtocolSniffer.NAME, "sink", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }
        });
        RelaySession session = RelaySession.of(ch);
        session.handshakeDone();
        return session;
    }

    @AfterEach
    void release() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
        transport.close();
    }

    private boolean closedAfterTimers() {
        ch.runScheduledPendingTasks();
        return !ch.isOpen();
    }

    @Test
    void should_close_an_idle_socket_at_the_idle_timeout_with_its_reason() {
        handshaken(Duration.ofMillis(300));
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(this::closedAfterTimers);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(summaries).singleElement().satisfies(s -> assertThat(s.closeReason()).isEqualTo("idle_timeout"));
    }

    @Test
    void should_keep_a_socket_open_while_bytes_flow_either_way_and_close_it_once_they_stop() throws Exception {
        RelaySession session = handshaken(Duration.ofMillis(800));
        session.countWireAsPayload(); // report the wire counters the meter keeps
        long until = System.nanoTime() + Duration.ofMillis(2_000).toNanos();
        int i = 0;
        while (System.nanoTime() < until) { // pacing is the behaviour under test: traffic every 100 ms
            if (i++ % 2 == 0) {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[10]));
            } else {
                ch.writeOutbound(Unpooled.wrappedBuffer(new byte[20]));
                ReferenceCountUtil.release(ch.readOutbound());
            }
            ch.runScheduledPendingTasks();
            assertThat(ch.isOpen()).as("open while traffic flows (round %d)", i).isTrue();
            Thread.sleep(100);
        }
        assertThat(session.bytesIn()).isEqualTo(10L * ((i + 1) / 2));
        assertThat(session.bytesOut()).isEqualTo(20L * (i / 2));
        await().atMost(Duration.ofSeconds(10)).until(this::closedAfterTimers);
        assertThat(summaries).singleElement().satisfies(s -> assertThat(s.closeReason()).isEqualTo("idle_timeout"));
    }

    @Test
    void should_schedule_no_timer_after_the_socket_closed() {
        handshaken(Duration.ofSeconds(30));
        ch.close();
        assertThat(ch.runScheduledPendingTasks()).as("no task left behind").isEqualTo(-1);
        assertThat(summaries).singleElement().satisfies(s -> assertThat(s.closeReason()).isEqualTo("client_closed"));
    }
}
