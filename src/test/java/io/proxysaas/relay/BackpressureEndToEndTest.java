package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A customer that stops reading stops the far end (SPEC §3 backpressure): the gateway does not
 * buffer what the customer does not take. The target pushes far more than every socket buffer on
 * the way can hold; while the customer reads nothing the target stalls and the gateway's own
 * outbound buffer towards the customer stays small; once the customer reads, every byte arrives intact.
 */
class BackpressureEndToEndTest {

    static final int PORT = 1;
    static final int TOTAL = 96 * 1024 * 1024;
    static final long GATEWAY_BUFFER_BOUND = 4L * 1024 * 1024;

    HalfCloseUpstream upstream;
    RelayHarness relay;
    ServerSocket target;
    final AtomicReference<RelaySession> session = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        upstream = new HalfCloseUpstream();
        relay = new RelayHarness(Duration.ofSeconds(5), Duration.ofSeconds(5));
        relay.bind(PORT, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", upstream.port(), "up", "pw"));
        relay.registry.addListener(new ConnectionRegistry.Listener() {
            @Override
            public void added(RelaySession s) {
                session.set(s);
            }

            @Override
            public void removed(RelaySession s) {
            }
        });
        target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
        upstream.close();
        target.close();
    }

    @Test
    void should_stall_the_sender_while_the_customer_reads_nothing_and_lose_no_byte() throws Exception {
        byte[] block = new byte[64 * 1024];
        new Random(3).nextBytes(block);
        AtomicLong written = new AtomicLong();
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try (Socket s = target.accept(); OutputStream out = s.getOutputStream()) {
                for (int i = 0; i < TOTAL / block.length; i++) {
                    out.write(block);
                    sent.update(block);
                    written.addAndGet(block.length);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (RawClient client = new RawClient(relay.port(PORT))) {
            assertThat(client.httpConnect(TestAccess.USER, TestAccess.PASSWORD, target.getLocalPort()).head())
                    .startsWith("HTTP/1.1 200");
            InputStream in = client.socket.getInputStream();

            // the customer reads nothing: the sender fills every buffer on the way, then stops
            long[] last = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = written.get();
                boolean stalled = now > 0 && now == last[0];
                last[0] = now;
                return stalled;
            });
            assertThat(written.get()).as("the sender is held back, not drained into the gateway").isLessThan(TOTAL);
            assertThat(pendingTowardsCustomer()).as("bytes the gateway buffers for the customer")
                    .isLessThan(GATEWAY_BUFFER_BOUND);

            MessageDigest received = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[256 * 1024];
            long got = 0;
            while (got < TOTAL) {
                int n = in.read(buf);
                assertThat(n).as("tunnel ended after " + got + " bytes").isPositive();
                received.update(buf, 0, n);
                got += n;
            }
            sender.get(30, TimeUnit.SECONDS);
            assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        }
    }

    /** The customer channel's not yet written bytes, read on its event loop. */
    private long pendingTowardsCustomer() throws Exception {
        Channel ch = session.get().client();
        return ch.eventLoop().submit(() -> {
            ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
            return out == null ? 0L : out.totalPendingWriteBytes();
        }).get(5, TimeUnit.SECONDS);
    }
}
