package io.netty.channel.uring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Receive-first while young, poll-first after; IPv4 sockets on request; bytes and the end arrive either way (real io_uring, loopback). */
class RecvFirstIoUringSocketChannelTest {

    private MultiThreadIoEventLoopGroup group;

    @BeforeEach
    void loops() {
        assumeTrue(IoUring.isAvailable(), "io_uring is not offered by this kernel");
        group = new MultiThreadIoEventLoopGroup(1, RdHupFreeIoHandlers.newFactory());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void theFirstReadsStartWithTheReceiveAndLaterOnesWithAPoll() throws Exception {
        RecvFirstIoUringSocketChannel channel = RecvFirstIoUringSocketChannel.ipv4();
        try {
            for (int i = 1; i <= RecvFirstIoUringSocketChannel.RECV_FIRST_READS; i++) {
                assertThat(channel.isPollInFirst()).as("read %d", i).isFalse();
            }
            assertThat(channel.isPollInFirst()).as("past the young reads: Netty's own choice (no buffer ring)")
                    .isTrue();
            assertThat(channel.readsStarted()).isEqualTo(RecvFirstIoUringSocketChannel.RECV_FIRST_READS + 1);
        } finally {
            channel.fd().close(); // never registered: nothing else holds it
        }
    }

    @Test
    void messagesOnBothSidesOfTheSwitchAndThePeersCloseArrive() throws Exception {
        ReceivedText received = new ReceivedText();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel channel = new Bootstrap().group(group).channelFactory(RecvFirstIoUringSocketChannel::ipv4)
                    .handler(received)
                    .connect(listener.getLocalSocketAddress()).sync().channel();
            assertThat(((RecvFirstIoUringSocketChannel) channel).localAddress().getAddress())
                    .isInstanceOf(Inet4Address.class);
            int messages = 3 * RecvFirstIoUringSocketChannel.RECV_FIRST_READS;
            try (Socket peer = listener.accept(); OutputStream out = peer.getOutputStream()) {
                for (int i = 0; i < messages; i++) {
                    // one at a time: each is received before the next is sent, so every read waits for data
                    out.write(("m" + i).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(received.reads.poll(10, TimeUnit.SECONDS)).isEqualTo("m" + i);
                }
            }
            received.closed.get(10, TimeUnit.SECONDS);
            assertThat(received.reads).isEmpty();
            int reads = channel.eventLoop().submit(((RecvFirstIoUringSocketChannel) channel)::readsStarted).get();
            assertThat(reads).as("reads started, on both sides of the switch")
                    .isGreaterThan(RecvFirstIoUringSocketChannel.RECV_FIRST_READS);
        }
    }
}
