package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.it.Cleanup;
import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamScheme;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Half-close through a CONNECT tunnel, both ways (SPEC §3): the side that ends its output first
 * still gets every byte the other side sends afterwards, and the pair closes once both ended.
 */
class HalfCloseEndToEndTest {

    static HalfCloseUpstream upstream;
    static RelayHarness relay;
    static final int PORT = 1;

    @BeforeAll
    static void start() throws Exception {
        upstream = new HalfCloseUpstream();
        relay = new RelayHarness(Duration.ofSeconds(2), Duration.ofSeconds(2));
        relay.bind(PORT, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", upstream.port(), "up", "secret"));
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.closeAll(relay, upstream);
    }

    private static Socket tunnel(int targetPort) throws IOException {
        Socket s = new Socket("127.0.0.1", relay.port(PORT));
        s.setSoTimeout(10_000);
        s.getOutputStream().write(("CONNECT 127.0.0.1:" + targetPort + " HTTP/1.1\r\nProxy-Authorization: "
                + BasicAuth.header(TestAccess.USER, TestAccess.PASSWORD) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = new String(readUntil(s.getInputStream(), "\r\n\r\n"), StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("HTTP/1.1 200");
        return s;
    }

    /** The target of one tunnel: reads to EOF, then answers "got N" (possible only if the EOF came through). */
    private static CompletableFuture<byte[]> readToEndThenAnswer(ServerSocket target) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = target.accept()) {
                byte[] all = s.getInputStream().readAllBytes();
                s.getOutputStream().write(("got " + all.length + "\n").getBytes(StandardCharsets.US_ASCII));
                return all;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The target of one tunnel: sends "ready\n" and ends its output, runs {@code beforeReading}, then reads to EOF. */
    private static CompletableFuture<byte[]> greetThenReadAll(ServerSocket target, Runnable beforeReading) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = target.accept()) {
                s.getOutputStream().write("ready\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                beforeReading.run();
                return s.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static byte[] readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int c = in.read();
            assertThat(c).as("stream ended before " + end.replace("\r\n", "CRLF")).isNotNegative();
            b.write(c);
        }
        return b.toByteArray();
    }

    @Test
    void should_deliver_the_answer_sent_after_the_client_ended_its_output() throws Exception {
        byte[] upload = new byte[300_000];
        new Random(7).nextBytes(upload);
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = readToEndThenAnswer(target);
            try (Socket client = tunnel(target.getLocalPort())) {
                client.getOutputStream().write(upload);
                client.shutdownOutput();
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).isEqualTo("got " + upload.length + "\n");
            }
            assertThat(Arrays.equals(received.get(10, TimeUnit.SECONDS), upload)).as("upload intact").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.registry.total() == 0 && relay.access.live.isEmpty());
        assertThat(relay.summaries).anySatisfy(s -> assertThat(s.bytesIn()).isEqualTo(upload.length));
    }

    @Test
    void should_carry_bytes_and_the_end_of_output_sent_right_behind_the_connect() throws Exception {
        // a client that does not wait for our 200: head, upload and FIN in one go, while the gateway is still
        // admitting and connecting; the upload and its end must reach the target, the target's answer the client.
        // A small upload and its FIN arrive with the head (the end is seen before the tunnel is joined); a big
        // one fills the receive buffer, so that the end comes while the tunnel's first bytes are held.
        uploadAndEndBehindTheHandshake(false, 1_000);
        uploadAndEndBehindTheHandshake(false, 300_000);
    }

    @Test
    void should_carry_bytes_and_the_end_of_output_sent_right_behind_the_socks5_request() throws Exception {
        uploadAndEndBehindTheHandshake(true, 1_000);
        uploadAndEndBehindTheHandshake(true, 300_000);
    }

    /** SOCKS5 greeting, RFC 1929 login and CONNECT request to 127.0.0.1:{@code port}, as one write would carry them. */
    private static byte[] socks5Handshake(int port) {
        byte[] user = TestAccess.USER.getBytes(StandardCharsets.UTF_8);
        byte[] password = TestAccess.PASSWORD.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {5, 1, 2, 1, (byte) user.length});
        b.writeBytes(user);
        b.write(password.length);
        b.writeBytes(password);
        b.writeBytes(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
        return b.toByteArray();
    }

    private static void uploadAndEndBehindTheHandshake(boolean socks5, int size) throws Exception {
        byte[] upload = new byte[size];
        new Random(size).nextBytes(upload);
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = readToEndThenAnswer(target);
            try (Socket client = new Socket("127.0.0.1", relay.port(PORT))) {
                client.setSoTimeout(10_000);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                all.write(socks5 ? socks5Handshake(target.getLocalPort())
                        : ("CONNECT 127.0.0.1:" + target.getLocalPort() + " HTTP/1.1\r\nProxy-Authorization: "
                        + BasicAuth.header(TestAccess.USER, TestAccess.PASSWORD) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                all.write(upload);
                client.getOutputStream().write(all.toByteArray());
                client.shutdownOutput();
                byte[] answer = client.getInputStream().readAllBytes();
                String got = "got " + upload.length + "\n";
                String text = new String(answer, StandardCharsets.ISO_8859_1);
                if (socks5) {
                    // method, login, request replies (10 bytes, IPv4 form), then the target's answer
                    assertThat(answer).as("%d bytes behind the socks5 request", size).startsWith(5, 2, 1, 0, 5, 0);
                    assertThat(text.substring(14)).isEqualTo(got);
                } else {
                    assertThat(text).as("%d bytes behind the CONNECT", size).startsWith("HTTP/1.1 200")
                            .endsWith("\r\n\r\n" + got);
                }
            }
            assertThat(Arrays.equals(received.get(10, TimeUnit.SECONDS), upload)).as("upload intact").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.registry.total() == 0 && relay.access.live.isEmpty());
        assertThat(relay.summaries).anySatisfy(s -> assertThat(s.bytesIn()).isEqualTo(upload.length));
    }

    @Test
    void should_carry_the_client_upload_that_follows_the_servers_end_of_output() throws Exception {
        byte[] upload = new byte[200_000];
        new Random(11).nextBytes(upload);
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // the target speaks first and ends its output, then still reads everything the client sends
            CompletableFuture<byte[]> received = greetThenReadAll(target, () -> { });
            try (Socket client = tunnel(target.getLocalPort())) {
                InputStream in = client.getInputStream();
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).as("greeting, then EOF")
                        .isEqualTo("ready\n");
                client.getOutputStream().write(upload);
                client.shutdownOutput();
                assertThat(Arrays.equals(received.get(10, TimeUnit.SECONDS), upload)).as("upload after EOF intact")
                        .isTrue();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.registry.total() == 0 && relay.access.live.isEmpty());
    }

    @Test
    void should_deliver_what_the_client_sent_before_it_closed_to_a_target_that_reads_only_afterwards() throws Exception {
        // The client's EOF closes the pair (its output was shut first), while bytes it sent are still
        // waiting for the upstream: a slow reader behind it, or io_uring's send still in flight. Those
        // bytes still go out before the upstream is closed.
        byte[] upload = new byte[300_000];
        new Random(12).nextBytes(upload);
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // nothing is read until the gateway has finished with the client
            CompletableFuture<byte[]> received = greetThenReadAll(target,
                    () -> await().atMost(Duration.ofSeconds(10)).until(() -> relay.registry.total() == 0));
            try (Socket client = tunnel(target.getLocalPort())) {
                assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .as("greeting, then EOF").isEqualTo("ready\n");
                client.getOutputStream().write(upload);
            } // closed both ways while the target has not read a byte of the upload
            assertThat(Arrays.equals(received.get(15, TimeUnit.SECONDS), upload))
                    .as("every byte sent before the client closed reached the target").isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> relay.registry.total() == 0 && relay.access.live.isEmpty());
    }

    @Test
    void should_close_every_pair_when_both_ends_finish_at_the_same_moment() throws Exception {
        // Both EOFs can reach the gateway in one event-loop turn; each side's output shutdown then
        // runs after the other's EOF, and nothing but the idle timeout (30 s here) would close the
        // pair unless the shutdown itself closes a socket whose input already ended.
        int rounds = 300;
        try (ServerSocket target = new ServerSocket(0, 500, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < rounds; i++) {
                    try (Socket s = target.accept()) {
                        s.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            for (int i = 0; i < rounds; i++) {
                try (Socket client = tunnel(target.getLocalPort())) {
                    client.getOutputStream().write('x');
                    client.shutdownOutput();
                    assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                            .as("round %d: the answer, then EOF", i).isEqualTo("bye\n");
                }
            }
            serving.get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.registry.total() == 0 && relay.access.live.isEmpty());
    }
}
