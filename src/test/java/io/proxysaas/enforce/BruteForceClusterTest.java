package io.proxysaas.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.access.RefusalReason;
import io.proxysaas.it.LoopbackCluster;
import io.proxysaas.store.TestDatabase;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Brute-force blocks counted across two real members in one JVM (TCP-IP on loopback, free ports, no
 * multicast): failures split between the nodes block the IP on both once they add up to N; blocks end
 * by themselves and an admin lift removes them everywhere. Each test uses its own client address.
 */
class BruteForceClusterTest {

    static final int N = 4;

    static List<HazelcastInstance> members;
    static TestDatabase db;

    final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start() {
        members = LoopbackCluster.cluster(2);
        db = TestDatabase.create();
    }

    @AfterAll
    static void stop() {
        members.forEach(HazelcastInstance::shutdown);
        db.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    /** One blocklist per member, as EnforceModule builds it, publishing every 100 ms. */
    List<BruteForceBlocklist> nodes(Duration blockFor) {
        List<BruteForceBlocklist> nodes = new ArrayList<>();
        for (HazelcastInstance member : members) {
            IpBans bans = new IpBans(member, new JdbcIpBans(db.dataSource()), Clock.systemUTC());
            BruteForceBlocklist node = new BruteForceBlocklist(member, bans,
                    new FailureCounter(N, Duration.ofSeconds(60), 1000, Clock.systemUTC()), 1000,
                    Duration.ofMillis(100), blockFor, Clock.systemUTC());
            opened.add(bans);
            opened.add(node);
            nodes.add(node);
        }
        return nodes;
    }

    @Test
    void should_block_an_ip_on_both_nodes_once_failures_split_across_them_reach_n() throws Exception {
        List<BruteForceBlocklist> nodes = nodes(Duration.ofMinutes(15));
        BruteForceBlocklist a = nodes.get(0);
        BruteForceBlocklist b = nodes.get(1);
        InetAddress ip = InetAddress.getByName("198.51.100.21");

        a.authFailed(ip);
        b.authFailed(ip);
        a.authFailed(ip);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.clusterFailures("198.51.100.21") == 3);
        assertThat(a.check(ip)).as("3 of 4 failures: not yet").isNull();
        assertThat(b.check(ip)).isNull();

        b.authFailed(ip); // B has seen 2 failures, A 2: neither alone reaches 4

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(a.check(ip)).isEqualTo(RefusalReason.IP_BLOCKED);
            assertThat(b.check(ip)).isEqualTo(RefusalReason.IP_BLOCKED);
        });
        assertThat(a.clusterFailures("198.51.100.21")).as("the count starts again after a block").isZero();
        assertThat(a.check(InetAddress.getByName("198.51.100.22"))).isNull();
    }

    @Test
    void should_end_a_block_by_itself_on_every_node() throws Exception {
        List<BruteForceBlocklist> nodes = nodes(Duration.ofSeconds(2));
        InetAddress ip = InetAddress.getByName("198.51.100.31");
        for (int i = 0; i < N; i++) {
            nodes.get(i % 2).authFailed(ip);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.stream()
                .allMatch(n -> n.check(ip) == RefusalReason.IP_BLOCKED));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (HazelcastInstance member : members) {
                assertThat(member.getReplicatedMap(BruteForceBlocklist.MAP).containsKey("198.51.100.31"))
                        .as("the block's entry expired on " + member.getName()).isFalse();
            }
            assertThat(nodes).allSatisfy(n -> assertThat(n.check(ip)).isNull());
        });
    }

    @Test
    void should_lift_a_block_on_every_node_and_start_the_count_again_when_the_admin_removes_it() throws Exception {
        List<BruteForceBlocklist> nodes = nodes(Duration.ofMinutes(15));
        BruteForceBlocklist a = nodes.get(0);
        BruteForceBlocklist b = nodes.get(1);
        InetAddress ip = InetAddress.getByName("198.51.100.41");
        for (int i = 0; i < N; i++) {
            nodes.get(i % 2).authFailed(ip);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> b.check(ip) == RefusalReason.IP_BLOCKED);

        // DELETE /api/admin/ip-bans?ip= on node A (liftIp uses the blocklist only)
        Enforcement.Lifted lifted = new Enforcement(null, null, null, a).liftIp("198.51.100.41");

        assertThat(lifted.blockedUntil()).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.check(ip) == null && a.check(ip) == null);
        for (int i = 0; i < N - 1; i++) {
            nodes.get(i % 2).authFailed(ip);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> a.clusterFailures("198.51.100.41") == N - 1);
        assertThat(a.check(ip)).as("N-1 failures after the lift: the old ones no longer count").isNull();
        assertThat(b.check(ip)).isNull();
    }
}
