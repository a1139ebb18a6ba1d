package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.proxysaas.pool.Upstream;
import io.proxysaas.pool.UpstreamScheme;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstream connections started at accept: only for an address admitted lately, used by the tunnel
 * that follows (one upstream connection per tunnel, never two), and closed unused when the socket is
 * refused or leaves without a request. One event loop, so sockets are set up in the order they came.
 */
class PreconnectEndToEndTest {

    static final int STRANGERS = 1;
    static final int CUSTOMERS = 2;

    HalfCloseUpstream strangersUpstream;
    HalfCloseUpstream customersUpstream;
    RelayHarness relay;
    ServerSocket target;

    @BeforeEach
    void start() throws Exception {
        strangersUpstream = new HalfCloseUpstream();
        customersUpstream = new HalfCloseUpstream();
        relay = new RelayHarness(Duration.ofSeconds(5), Duration.ofSeconds(2), new TestAccess(), 1);
        relay.bind(STRANGERS, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", strangersUpstream.port(), "up", "pw"));
        relay.bind(CUSTOMERS, new Upstream(UpstreamScheme.HTTP, "127.0.0.1", customersUpstream.port(), "up", "pw"));
        target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
        strangersUpstream.close();
        customersUpstream.close();
        target.close();
    }

    /** A CONNECT tunnel to the echoing target, proven by one echoed line; closed afterwards. */
    private void tunnelFrom(String clientIp, int logicalPort) throws Exception {
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
            try (Socket s = target.accept()) {
                s.getOutputStream().write(s.getInputStream().readNBytes(5));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (RawClient c = new RawClient(relay.port(logicalPort), clientIp)) {
            assertThat(c.httpConnect(TestAccess.USER, TestAccess.PASSWORD, target.getLocalPort()).head())
                    .startsWith("HTTP/1.1 200");
            assertThat(new String(c.send("ping\n").read(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
        }
        echo.get();
    }

    @Test
    void should_connect_upstream_at_accept_only_for_an_address_admitted_lately() throws Exception {
        tunnelFrom("127.0.0.21", CUSTOMERS);
        await().until(() -> customersUpstream.accepted.get() == 1);

        try (RawClient stranger = new RawClient(relay.port(STRANGERS), "127.0.0.22");
             RawClient customer = new RawClient(relay.port(CUSTOMERS), "127.0.0.21")) {
            // neither has sent a byte; the customer's upstream connection exists already
            await().until(() -> customersUpstream.accepted.get() == 2);
            // the stranger's socket was set up first on the same loop: it would have connected by now
            assertThat(strangersUpstream.accepted.get()).isZero();
            assertThat(stranger.socket.isConnected() && customer.socket.isConnected()).isTrue();
        }
        // both left without a request: the early connection is closed unused
        await().until(() -> customersUpstream.closedUnused.get() == 1);
        assertThat(strangersUpstream.accepted.get()).isZero();
    }

    @Test
    void should_carry_the_next_tunnel_over_the_connection_made_at_accept() throws Exception {
        tunnelFrom("127.0.0.31", CUSTOMERS);
        tunnelFrom("127.0.0.31", CUSTOMERS);
        tunnelFrom("127.0.0.31", CUSTOMERS);

        await().until(() -> relay.registry.total() == 0);
        assertThat(customersUpstream.tunnels.get()).isEqualTo(3);
        assertThat(customersUpstream.accepted.get()).as("one upstream connection per tunnel").isEqualTo(3);
        assertThat(customersUpstream.closedUnused.get()).isZero();
    }

    @Test
    void should_close_the_early_connection_of_a_refused_socket() throws Exception {
        tunnelFrom("127.0.0.41", CUSTOMERS);
        try (RawClient c = new RawClient(relay.port(CUSTOMERS), "127.0.0.41")) {
            assertThat(c.httpConnect(TestAccess.USER, "wrong", target.getLocalPort()).head()).startsWith("HTTP/1.1 407");
        }
        await().until(() -> customersUpstream.closedUnused.get() == 1);
        assertThat(customersUpstream.tunnels.get()).isEqualTo(1);
        await().until(() -> relay.access.live.isEmpty());
    }
}
