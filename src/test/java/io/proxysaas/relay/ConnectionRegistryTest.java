package io.proxysaas.relay;

import static io.proxysaas.it.LoopbackSockets.closedByServer;
import static io.proxysaas.it.LoopbackSockets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The node's live sockets: counted per port, found by customer and client IP, closed by each. */
class ConnectionRegistryTest {

    private final ConnectionRegistry registry = new ConnectionRegistry();

    @Test
    void should_find_count_and_close_live_sockets_by_customer_ip_and_port() throws Exception {
        try (RegisteredSessionServer alice = new RegisteredSessionServer(registry, "alice");
             RegisteredSessionServer bob = new RegisteredSessionServer(registry, "bob");
             Socket a1 = connect(alice.port(), "127.0.0.1");
             Socket a2 = connect(alice.port(), "127.0.0.2");
             Socket b1 = connect(bob.port(), "127.0.0.2")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.total() == 3);
            assertThat(registry.live(1)).as("every test session is on port 1").isEqualTo(3);
            assertThat(registry.live(2)).isZero();
            assertThat(registry.customers()).containsExactlyInAnyOrder("alice", "bob");
            assertThat(registry.liveForCustomer("alice")).isEqualTo(2);
            assertThat(registry.liveForClientIp("127.0.0.2")).isEqualTo(2);
            assertThat(registry.liveForCustomer("nobody")).isZero();

            assertThat(registry.closeClientIp("127.0.0.2", "test")).isEqualTo(2);
            assertThat(closedByServer(a2)).isTrue();
            assertThat(closedByServer(b1)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.total() == 1);
            assertThat(registry.customers()).containsExactly("alice");
            assertThat(registry.live(1)).isEqualTo(1);

            assertThat(registry.closeCustomer("bob", "test")).as("bob has no socket left").isZero();
            assertThat(registry.closeCustomer("alice", "test")).isEqualTo(1);
            assertThat(closedByServer(a1)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.total() == 0);
            assertThat(registry.live(1)).isZero();
            assertThat(registry.customers()).isEmpty();
        }
    }

    @Test
    void should_close_every_socket_of_a_port() throws Exception {
        try (RegisteredSessionServer server = new RegisteredSessionServer(registry, "carol");
             Socket s1 = connect(server.port(), "127.0.0.1");
             Socket s2 = connect(server.port(), "127.0.0.1")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.live(1) == 2);
            registry.closeAll(2, "another port");
            registry.closeAll(1, "reload");
            assertThat(closedByServer(s1)).isTrue();
            assertThat(closedByServer(s2)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.total() == 0);
        }
    }
}
