package io.proxysaas.enforce;

import static io.proxysaas.it.LoopbackSockets.closedByServer;
import static io.proxysaas.it.LoopbackSockets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.it.LoopbackCluster;
import io.proxysaas.relay.ConnectionRegistry;
import io.proxysaas.relay.RegisteredSessionServer;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kicks published on one member close the named sockets on another member of the same cluster. */
class TopicKicksTest {

    static List<HazelcastInstance> members;

    @BeforeAll
    static void cluster() {
        members = LoopbackCluster.cluster(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> members.get(0).getCluster().getMembers().size() == 2);
    }

    @AfterAll
    static void stop() {
        members.forEach(HazelcastInstance::shutdown);
    }

    @Test
    void should_close_a_customers_socket_on_the_other_member() throws Exception {
        ConnectionRegistry registryOne = new ConnectionRegistry();
        ConnectionRegistry registryTwo = new ConnectionRegistry();
        TopicKicks one = new TopicKicks(members.get(0), () -> registryOne);
        TopicKicks two = new TopicKicks(members.get(1), () -> registryTwo);
        try (RegisteredSessionServer server = new RegisteredSessionServer(registryTwo, "alice");
             Socket client = connect(server.port(), null)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> registryTwo.liveForCustomer("alice") == 1);

            int closedHere = one.kickCustomerEverywhere("alice", "test kick");

            assertThat(closedHere).isZero();
            assertThat(closedByServer(client)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> registryTwo.liveForCustomer("alice") == 0);
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    void should_close_only_the_named_client_ips_sockets_on_the_other_member() throws Exception {
        ConnectionRegistry registryTwo = new ConnectionRegistry();
        TopicKicks one = new TopicKicks(members.get(0), ConnectionRegistry::new);
        TopicKicks two = new TopicKicks(members.get(1), () -> registryTwo);
        try (RegisteredSessionServer server = new RegisteredSessionServer(registryTwo, "bob");
             Socket stays = connect(server.port(), "127.0.0.1");
             Socket kicked = connect(server.port(), "127.0.0.3")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> registryTwo.liveForCustomer("bob") == 2);

            one.kickCustomer("carol", "someone else");
            one.kickClientIp("127.0.0.3", "test kick");

            assertThat(closedByServer(kicked)).isTrue();
            // one publisher's messages arrive in order: both kicks were handled, and only one socket closed
            await().atMost(Duration.ofSeconds(5)).until(() -> registryTwo.liveForCustomer("bob") == 1);
            assertThat(registryTwo.liveForClientIp("127.0.0.1")).isEqualTo(1);
        } finally {
            one.close();
            two.close();
        }
    }
}
