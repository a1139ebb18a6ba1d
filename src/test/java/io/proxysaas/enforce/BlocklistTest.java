package io.proxysaas.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.access.RefusalReason;
import io.proxysaas.it.LoopbackCluster;
import io.proxysaas.limits.MutableClock;
import io.proxysaas.store.TestDatabase;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Brute-force blocks and admin IP bans on a real member and the real ip_bans table, with a fake clock. */
class BlocklistTest {

    static HazelcastInstance member;
    static TestDatabase db;

    final MutableClock clock = new MutableClock(Instant.parse("2030-03-01T12:00:00Z"));
    IpBans bans;
    BruteForceBlocklist blocklist;

    @BeforeAll
    static void start() {
        member = LoopbackCluster.lone();
        db = TestDatabase.create();
    }

    @AfterAll
    static void stop() {
        member.shutdown();
        db.close();
    }

    void build() {
        bans = new IpBans(member, new JdbcIpBans(db.dataSource()), clock);
        blocklist = new BruteForceBlocklist(member, bans, new FailureCounter(3, Duration.ofSeconds(60), 1000, clock),
                1000, Duration.ofMillis(200), Duration.ofMinutes(15), clock);
    }

    @AfterEach
    void clean() {
        bans.list().forEach(b -> bans.lift(b.cidr()));
        blocklist.blocks().keySet().forEach(blocklist::unblock);
        blocklist.close();
        bans.close();
    }

    @Test
    void should_block_an_ip_after_n_failures_until_the_block_ends() throws Exception {
        build();
        InetAddress ip = InetAddress.getByName("192.0.2.7");
        blocklist.authFailed(ip);
        blocklist.authFailed(ip);
        assertThat(blocklist.check(ip)).isNull();

        blocklist.authFailed(ip);

        assertThat(blocklist.check(ip)).isEqualTo(RefusalReason.IP_BLOCKED);
        assertThat(blocklist.check(InetAddress.getByName("192.0.2.8"))).isNull();
        assertThat(blocklist.blocks()).containsKey("192.0.2.7");
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertThat(blocklist.check(ip)).isEqualTo(RefusalReason.IP_BLOCKED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(blocklist.check(ip)).isNull();
        assertThat(blocklist.blocks()).isEmpty();
    }

    @Test
    void should_lift_a_block_on_request() throws Exception {
        build();
        InetAddress ip = InetAddress.getByName("192.0.2.9");
        for (int i = 0; i < 3; i++) {
            blocklist.authFailed(ip);
        }
        assertThat(blocklist.unblock("192.0.2.9")).isTrue();
        assertThat(blocklist.check(ip)).isNull();
        assertThat(blocklist.unblock("192.0.2.9")).isFalse();
    }

    @Test
    void should_ban_a_cidr_until_its_end_and_survive_a_reload_from_the_database() throws Exception {
        build();
        bans.ban("198.51.100.0/24", "abuse", clock.instant().plus(Duration.ofHours(1)));
        bans.ban("2001:db8::/32", null, null);

        assertThat(blocklist.check(InetAddress.getByName("198.51.100.77"))).isEqualTo(RefusalReason.IP_BANNED);
        assertThat(blocklist.check(InetAddress.getByName("2001:db8::1"))).isEqualTo(RefusalReason.IP_BANNED);
        assertThat(blocklist.check(InetAddress.getByName("198.51.101.1"))).isNull();

        member.getReplicatedMap(IpBans.MAP).clear(); // as after a full cluster restart
        bans.close();
        IpBans reloaded = new IpBans(member, new JdbcIpBans(db.dataSource()), clock);
        try {
            assertThat(reloaded.list()).extracting(IpBan::cidr)
                    .containsExactlyInAnyOrder("198.51.100.0/24", "2001:db8:0:0:0:0:0:0/32");
            assertThat(reloaded.banned(InetAddress.getByName("198.51.100.1"))).isPresent();
            clock.advance(Duration.ofHours(1));
            assertThat(reloaded.banned(InetAddress.getByName("198.51.100.1"))).isEmpty();
            assertThat(reloaded.banned(InetAddress.getByName("2001:db8::1"))).isPresent();
        } finally {
            bans = reloaded;
        }
    }

    @Test
    void should_refuse_a_malformed_or_hostile_ban() {
        build();
        assertThatThrownBy(() -> bans.ban("0.0.0.0/0", "all", null)).hasMessageContaining("/0");
        assertThatThrownBy(() -> bans.ban("example.com", "dns", null)).hasMessageContaining("not an IPv4/IPv6");
        assertThatThrownBy(() -> bans.ban("1.2.3.4/33", "long", null)).hasMessageContaining("prefix");
        assertThatThrownBy(() -> bans.ban("1".repeat(100), "long", null)).hasMessageContaining("too long");
        assertThat(bans.list()).isEmpty();
    }
}
