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

    @Test
    void should_write_unchanged_counts_again_only_before_their_ttl_would_run_out() {
        Map<String, Integer> onA = new ConcurrentHashMap<>(Map.of("fay", 3));
        ClusterLiveView viewA = new ClusterLiveView(a, () -> onA, Duration.ofSeconds(2));
        ClusterLiveView viewB = new ClusterLiveView(b, () -> Map.of(), Duration.ofSeconds(2));
        String nodeA = a.getCluster().getLocalMember().getUuid().toString();
        viewA.refresh();
        long written = a.getMap(UsageMaps.LIVE_SOCKETS).getEntryView(nodeA).getVersion();

        viewA.refresh();
        viewA.refresh();
        assertThat(a.getMap(UsageMaps.LIVE_SOCKETS).getEntryView(nodeA).getVersion())
                .as("the same counts a moment later are not written again").isEqualTo(written);

        onA.put("fay", 4);
        viewA.refresh();
        assertThat(a.getMap(UsageMaps.LIVE_SOCKETS).getEntryView(nodeA).getVersion())
                .as("changed counts are written at once").isGreaterThan(written);

        // unchanged for three TTLs: refreshed before expiry every time, so B never loses them
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    viewA.refresh();
                    viewB.refresh();
                    return viewB.live("fay") == 4;
                });
        viewA.withdraw();
    }

    @Test
    void should_publish_again_after_a_withdraw() {
        ClusterLiveView viewA = new ClusterLiveView(a, () -> Map.of("gus", 2), Duration.ofSeconds(30));
        ClusterLiveView viewB = new ClusterLiveView(b, () -> Map.of(), Duration.ofSeconds(30));
        viewA.refresh();
        viewA.withdraw();
        viewA.refresh(); // the same counts as before the withdraw: written again all the same

        viewB.refresh();
        assertThat(viewB.live("gus")).isEqualTo(2);
        viewA.withdraw();
    }

    @Test
    void should_take_its_own_counts_as_the_sum_when_alone_in_its_cluster() {
        try (TestMembers alone = new TestMembers()) {
            HazelcastInstance lone = alone.start(null);
            Map<String, Integer> mine = new ConcurrentHashMap<>(Map.of("hal", 5, "ida", 0));
            ClusterLiveView view = new ClusterLiveView(lone, () -> mine, Duration.ofSeconds(30));
            view.refresh();
            assertThat(view.snapshot()).isEqualTo(Map.of("hal", 5L));

            mine.put("hal", 1);
            view.refresh();
            assertThat(view.live("hal")).isEqualTo(1);
            assertThat(lone.getMap(UsageMaps.LIVE_SOCKETS).get(lone.getCluster().getLocalMember().getUuid().toString()))
                    .as("still published for members that join later")
                    .isEqualTo(new ClusterLiveView.NodeCounts(Map.of("hal", 1)));
        }
    }
}
