package io.netty.channel.uring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The POLLRDHUP watch is kept out of the ring and nothing else; a peer's close is still seen by the next read. */
class RdHupFreeIoHandlersTest {

    private static final short DATA = 7;

    @Test
    void onlyAOneShotPollForRdHupAloneIsDropped() {
        Recording ring = new Recording();
        IoRegistration filtered = new RdHupFreeIoHandlers.Filter(ring);

        assertThat(filtered.submit(IoUringIoOps.newPollAdd(5, (byte) 0, Native.POLLRDHUP, 0, DATA)))
                .as("the watch: answered 'not submitted'").isZero();
        IoUringIoOps pollIn = IoUringIoOps.newPollAdd(5, (byte) 0, Native.POLLIN, 0, DATA);
        IoUringIoOps pollOut = IoUringIoOps.newPollAdd(5, (byte) 0, Native.POLLOUT, 0, DATA);
        IoUringIoOps both = IoUringIoOps.newPollAdd(5, (byte) 0, Native.POLLIN | Native.POLLRDHUP, 0, DATA);
        IoUringIoOps recv = IoUringIoOps.newRecv(5, (byte) 0, (short) 0, 0, 0L, 64, DATA);
        for (IoUringIoOps op : List.of(pollIn, pollOut, both, recv)) {
            assertThat(filtered.submit(op)).as("passed on: %s", op).isEqualTo(ring.submitted.size());
        }
        assertThat(ring.submitted).containsExactly(pollIn, pollOut, both, recv);
    }

    @Test
    void theRegistrationAnswersForItsDelegate() {
        Recording ring = new Recording();
        IoRegistration filtered = new RdHupFreeIoHandlers.Filter(ring);
        assertThat((Object) filtered.attachment()).isSameAs(ring);
        assertThat(filtered.isValid()).isTrue();
        assertThat(filtered.cancel()).isTrue();
        assertThat(filtered.isValid()).isFalse();
    }

    @Test
    void aPeersCloseWhileNotReadingIsSeenByTheNextReadAfterItsBytes() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not offered by this kernel");
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, RdHupFreeIoHandlers.newFactory());
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ReceivedText received = new ReceivedText();
            Channel channel = new Bootstrap().group(group).channel(IoUringSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .handler(received)
                    .connect(listener.getLocalSocketAddress()).sync().channel();
            try (Socket peer = listener.accept(); OutputStream out = peer.getOutputStream()) {
                out.write("last words".getBytes(StandardCharsets.US_ASCII));
            }
            // nobody reads and no watch is armed: the channel stays open until it reads again
            assertThat(channel.isActive()).isTrue();
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
            received.closed.get(10, TimeUnit.SECONDS);
            assertThat(received.all()).as("bytes before the close, then the end").isEqualTo("last words");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Stands in for the ring: numbers what it is given, as Netty's registration does with ids. */
    private static final class Recording implements IoRegistration {
        final List<IoOps> submitted = new ArrayList<>();
        boolean valid = true;

        @Override
        @SuppressWarnings("unchecked")
        public <T> T attachment() {
            return (T) this;
        }

        @Override
        public long submit(IoOps ops) {
            submitted.add(ops);
            return submitted.size();
        }

        @Override
        public boolean isValid() {
            return valid;
        }

        @Override
        public boolean cancel() {
            boolean was = valid;
            valid = false;
            return was;
        }
    }
}
