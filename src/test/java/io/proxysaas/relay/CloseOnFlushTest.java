package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the upstream of a pair whose client has gone is closed ({@link RelayHandler#closeOnFlush(Channel, long)}):
 * after its pending bytes went out, or after the bound when nobody reads them. Real sockets on loopback;
 * the reader is a plain socket that reads only when the test says so.
 */
class CloseOnFlushTest {

    /** More than loopback's socket buffers hold, so some of it waits in the channel. */
    private static final int BYTES = 16 << 20;

    private Transport transport;
    private ServerSocket server;

    @BeforeEach
    void start() throws Exception {
        transport = TestTransports.fastest(1);
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        transport.close();
    }

    private Channel connect() throws Exception {
        return new Bootstrap().group(transport.workerGroup()).channelFactory(transport.ipv4SocketChannelFactory())
                .handler(new ChannelInboundHandlerAdapter())
                .connect(server.getLocalSocketAddress()).sync().channel();
    }

    /** Writes {@link #BYTES} and calls closeOnFlush on the channel's loop; returns whether bytes were still pending. */
    private static boolean writeThenCloseOnFlush(Channel ch, long boundNanos) throws Exception {
        return ch.eventLoop().submit(() -> {
            ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[BYTES]));
            boolean pending = ch.unsafe().outboundBuffer().totalPendingWriteBytes() > 0;
            RelayHandler.closeOnFlush(ch, boundNanos);
            return pending;
        }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void should_close_only_after_every_pending_byte_reached_the_reader() throws Exception {
        Channel ch = connect();
        try (Socket reader = server.accept()) {
            assertThat(writeThenCloseOnFlush(ch, TimeUnit.SECONDS.toNanos(30))).as("bytes waited in the channel").isTrue();
            assertThat(ch.isOpen()).as("not closed while bytes wait").isTrue();
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = reader.getInputStream()) {
                    return in.transferTo(java.io.OutputStream.nullOutputStream()); // to EOF
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(read.get(20, TimeUnit.SECONDS)).as("every byte, then EOF").isEqualTo(BYTES);
            assertThat(ch.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void should_close_after_the_bound_when_nobody_reads() throws Exception {
        Channel ch = connect();
        try (Socket reader = server.accept()) {
            assertThat(writeThenCloseOnFlush(ch, TimeUnit.MILLISECONDS.toNanos(300))).isTrue();
            assertThat(ch.isOpen()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> !ch.isOpen());
            assertThat(reader.isClosed()).as("the reader never read").isFalse();
        }
    }

    @Test
    void should_close_at_once_when_nothing_is_pending() throws Exception {
        Channel ch = connect();
        try (Socket reader = server.accept()) {
            ch.eventLoop().submit(() -> RelayHandler.closeOnFlush(ch, TimeUnit.SECONDS.toNanos(30)))
                    .get(5, TimeUnit.SECONDS);
            // not after the 30 s bound: at once, or (io_uring with a receive outstanding) as soon as the
            // ring has cancelled that receive
            await().atMost(Duration.ofSeconds(5)).until(() -> !ch.isOpen());
            assertThat(reader.getInputStream().read()).as("EOF at the reader").isEqualTo(-1);
        }
    }
}
