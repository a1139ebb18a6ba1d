package io.proxysaas.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.access.Kicks;
import io.proxysaas.customer.Customer;
import io.proxysaas.access.TestDirectory;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import io.proxysaas.it.LoopbackCluster;
import io.proxysaas.limits.MutableClock;
import io.proxysaas.store.AuditTrail;
import io.proxysaas.store.AuditTrail.AuditEntry;
import io.proxysaas.store.Records;
import io.proxysaas.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The strike sweep on a real Hazelcast member and a real audit table, with a fake clock and fake
 * cluster-wide live counts: start, reset on a dip, kick and lockout after the grace, lockout expiry.
 */
class StrikeSweepTest {

    static final Duration GRACE = Duration.ofMinutes(15);
    static final Duration LOCKOUT = Duration.ofHours(1);

    static HazelcastInstance member;
    static TestDatabase db;

    final MutableClock clock = new MutableClock(Instant.parse("2030-03-01T12:00:00Z"));
    final Map<String, Long> live = new ConcurrentHashMap<>();
    final List<String> kicked = new CopyOnWriteArrayList<>();
    final Kicks kicks = new Kicks() {
        @Override
        public void kickCustomer(String username, String reason) {
            kicked.add(username);
        }

        @Override
        public void kickClientIp(String clientIp, String reason) {
        }
    };
    AuditTrail audit;
    LockoutTable lockouts;
    String user;

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

    @BeforeEach
    void fresh() {
        audit = new Records(db.dataSource(), clock).audit();
        lockouts = new LockoutTable(member, clock);
        user = "u" + System.nanoTime();
    }

    StrikeSweep sweep() {
        TestDirectory directory = TestDirectory.of(List.of(
                customer(user, "two"), customer("unlimited-" + user, "unlimited")),
                List.of(plan("two", 2), plan("unlimited", 0)));
        return new StrikeSweep(member, directory, () -> u -> live.getOrDefault(u, 0L), kicks, lockouts, audit, clock,
                GRACE, LOCKOUT);
    }

    @Test
    void should_start_a_strike_and_reset_it_when_the_count_dips() {
        StrikeSweep sweep = sweep();
        live.put(user, 3L);
        sweep.sweep();
        assertThat(sweep.strikeSince(user)).isEqualTo(clock.instant());

        clock.advance(Duration.ofMinutes(5));
        live.put(user, 2L);
        sweep.sweep();

        assertThat(sweep.strikeSince(user)).isNull();
        assertThat(kicked).isEmpty();
        assertThat(actions()).containsExactly("strike.start", "strike.reset");
        AuditEntry start = entries().get(0);
        assertThat(start.actor()).isEqualTo("strike-sweep");
        assertThat(start.afterJson()).contains("\"live_sockets\":3", "\"threads\":2",
                "\"over_since\":\"2030-03-01T12:00:00Z\"");
    }

    @Test
    void should_kick_and_lock_out_after_the_grace_and_let_the_lockout_end_by_itself() {
        StrikeSweep sweep = sweep();
        live.put(user, 5L);
        live.put("unlimited-" + user, 500L);
        sweep.sweep();
        clock.advance(GRACE.minusSeconds(1));
        sweep.sweep();
        assertThat(kicked).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        sweep.sweep();

        Instant until = clock.instant().plus(LOCKOUT);
        assertThat(kicked).containsExactly(user);
        assertThat(lockouts.lockedUntil(user)).isEqualTo(until);
        assertThat(actions()).containsExactly("strike.start", "strike.kick", "strike.lockout");
        assertThat(entries().get(2).afterJson()).contains("\"live_sockets\":5", "\"until\":\"" + until + "\"");

        // while locked out the stale live count starts no new strike
        clock.advance(Duration.ofMinutes(30));
        sweep.sweep();
        assertThat(sweep.strikeSince(user)).isNull();

        clock.advance(Duration.ofMinutes(30));
        assertThat(lockouts.lockedUntil(user)).isNull();
    }

    @Test
    void should_continue_the_clock_on_a_new_leader() {
        live.put(user, 3L);
        sweep().sweep();
        clock.advance(GRACE);

        sweep().sweep(); // a different instance, as on the next leader: the start time comes from the map

        assertThat(kicked).containsExactly(user);
    }

    @Test
    void should_do_nothing_on_a_node_that_does_not_lead_the_cluster() {
        live.put(user, 3L);
        TestDirectory directory = TestDirectory.of(List.of(customer(user, "two")), List.of(plan("two", 2)));
        StrikeSweep follower = new StrikeSweep(member, directory, () -> u -> live.getOrDefault(u, 0L), kicks, lockouts,
                audit, clock, Duration.ZERO, LOCKOUT, () -> false);
        follower.sweepIfLeader();
        assertThat(kicked).isEmpty();
        assertThat(follower.strikeSince(user)).isNull();
        assertThat(actions()).isEmpty();
    }

    @Test
    void should_never_strike_a_plan_without_a_thread_limit() {
        live.put("unlimited-" + user, 1_000L);
        StrikeSweep sweep = sweep();
        sweep.sweep();
        clock.advance(GRACE.multipliedBy(2));
        sweep.sweep();
        assertThat(kicked).isEmpty();
        assertThat(sweep.strikeSince("unlimited-" + user)).isNull();
    }

    private List<AuditEntry> entries() {
        return audit.since(null, 1000).stream().filter(e -> user.equals(e.target())).toList();
    }

    private List<String> actions() {
        return entries().stream().map(AuditEntry::action).toList();
    }

    static Customer customer(String username, String plan) {
        return new Customer(username, "h", "k-" + username, plan, null, CustomerStatus.ACTIVE, null, null, List.of(),
                null, Instant.EPOCH);
    }

    static Plan plan(String name, int threads) {
        return new Plan(name, threads, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
