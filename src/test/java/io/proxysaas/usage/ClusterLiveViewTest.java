package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cluster-wide live sockets: the sum of every node's published counts; a node's counts leave with it. */
class ClusterLiveViewTest {

    private static TestMembers members;
    private static HazelcastInstance a;
    private static HazelcastInstance b;

    @BeforeAll
    static void start() {
        members = new TestMembers();
        a = members.start(null);
        b = members.start(null);
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    @Test
    void should_sum_every_nodes_counts_and_drop_a_node_that_stops_publishing() throws Exception {
        Map<String, Integer> onA = new ConcurrentHashMap<>(Map.of("alice", 3, "bob", 1));
        Map<String, Integer> onB = new ConcurrentHashMap<>(Map.of("alice", 2));
        ClusterLiveView viewA = new ClusterLiveView(a, () -> onA, Duration.ofSeconds(2));
        ClusterLiveView viewB = new ClusterLiveView(b, () -> onB, Duration.ofSeconds(2));

        viewA.refresh();
        viewB.refresh();
        viewA.refresh();

        assertThat(viewA.live("alice")).isEqualTo(5);
        assertThat(viewA.live("bob")).isEqualTo(1);
        assertThat(viewB.live("alice")).isEqualTo(5);
        assertThat(viewA.live("nobody")).isZero();

        onA.put("alice", 0); // counts that drop to zero leave the published map
        viewA.refresh();
        assertThat(viewA.live("alice")).isEqualTo(2);
        assertThat(viewA.snapshot()).doesNotContainKey("carol");

        // B stops refreshing (as a crashed node would): its counts expire with the TTL
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            viewA.refresh();
            assertThat(viewA.live("alice")).isZero();
        });
        assertThat(viewA.live("bob")).isEqualTo(1);
    }

    @Test
    void should_leave_out_a_crashed_nodes_counts_once_it_left_the_cluster_before_their_ttl() {
        HazelcastInstance c = members.start(null);
        ClusterLiveView viewA = new ClusterLiveView(a, () -> Map.of(), Duration.ofSeconds(60));
        ClusterLiveView viewC = new ClusterLiveView(c, () -> Map.of("erin", 7), Duration.ofSeconds(60));
        viewC.refresh();
        viewA.refresh();
        assertThat(viewA.live("erin")).isEqualTo(7);

        String crashed = c.getCluster().getLocalMember().getUuid().toString();
        c.getLifecycleService().terminate(); // no withdraw: its entry stays in the map (backups) for the TTL

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            viewA.refresh();
            assertThat(viewA.live("erin")).isZero();
        });
        assertThat(a.getMap(UsageMaps.LIVE_SOCKETS).containsKey(crashed))
                .as("the crashed node's entry is still there: only the member list left it out").isTrue();
    }

    @Test
    void should_withdraw_a_leaving_nodes_counts_at_once() {
        ClusterLiveView viewA = new ClusterLiveView(a, () -> Map.of("dora", 4), Duration.ofSeconds(30));
        ClusterLiveView viewB = new ClusterLiveView(b, () -> Map.of(), Duration.ofSeconds(30));
        viewA.refresh();
        viewB.refresh();
        assertThat(viewB.live("dora")).isEqualTo(4);

        viewA.withdraw();
        viewB.refresh();

        assertThat(viewB.live("dora")).isZero();
    }
}
