package io.proxysaas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.proxysaas.it.LoopbackCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local copy of a ReplicatedMap on two real members: follows the other node, sees its own writes at once. */
class ReplicatedMirrorTest {

    static List<HazelcastInstance> members;

    @BeforeAll
    static void start() {
        members = LoopbackCluster.cluster(2);
    }

    @AfterAll
    static void stop() {
        members.forEach(HazelcastInstance::shutdown);
    }

    private static ReplicatedMap<String, Long> map(int member, String name) {
        return members.get(member).getReplicatedMap(name);
    }

    @Test
    void should_start_with_what_the_map_holds_and_follow_another_nodes_writes() {
        map(0, "m1").put("before", 1L);
        await().atMost(Duration.ofSeconds(10)).until(() -> map(1, "m1").get("before") != null);
        ReplicatedMirror<String, Long> mirror = new ReplicatedMirror<>(map(1, "m1"), 60);
        try {
            assertThat(mirror.get("before")).isEqualTo(1L);
            map(0, "m1").put("added", 2L);
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(2L).equals(mirror.get("added")));
            map(0, "m1").put("added", 3L);
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(3L).equals(mirror.get("added")));
            map(0, "m1").remove("before");
            await().atMost(Duration.ofSeconds(10)).until(() -> mirror.get("before") == null);
            assertThat(mirror.get("never")).isNull();
        } finally {
            mirror.close();
        }
    }

    @Test
    void should_see_its_own_writes_at_once_and_reach_the_other_node() {
        ReplicatedMirror<String, Long> here = new ReplicatedMirror<>(map(0, "m2"), 60);
        ReplicatedMirror<String, Long> there = new ReplicatedMirror<>(map(1, "m2"), 60);
        try {
            here.put("k", 7L, 1, TimeUnit.HOURS);
            assertThat(here.get("k")).as("no event round trip for a local write").isEqualTo(7L);
            await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(7L).equals(there.get("k")));
            assertThat(here.remove("k")).isEqualTo(7L);
            assertThat(here.get("k")).isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> there.get("k") == null);
        } finally {
            here.close();
            there.close();
        }
    }

    @Test
    void should_drop_entries_whose_ttl_ran_out() {
        ReplicatedMirror<String, Long> mirror = new ReplicatedMirror<>(map(0, "m3"), 60);
        try {
            mirror.put("short", 1L, 1, TimeUnit.SECONDS);
            assertThat(mirror.get("short")).isEqualTo(1L);
            await().atMost(Duration.ofSeconds(30)).until(() -> mirror.get("short") == null);
        } finally {
            mirror.close();
        }
    }

    @Test
    void should_repair_the_copy_on_resync() {
        ReplicatedMirror<String, Long> mirror = new ReplicatedMirror<>(map(0, "m4"), 60);
        try {
            mirror.close(); // no events any more: only a resync can bring the copy up to date
            map(0, "m4").put("late", 5L);
            assertThat(mirror.get("late")).isNull();
            mirror.resync();
            assertThat(mirror.get("late")).isEqualTo(5L);
            map(0, "m4").remove("late");
            mirror.resync();
            assertThat(mirror.get("late")).isNull();
        } finally {
            mirror.close();
        }
    }
}
