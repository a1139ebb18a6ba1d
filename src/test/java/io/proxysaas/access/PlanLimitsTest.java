package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan limits of SPEC §4 on the real admission with a hand-moved clock. */
class PlanLimitsTest {

    private final LimitedAccess access = new LimitedAccess(PlanLimits.ThreadsMode.PORT);

    @Test
    void should_let_each_reason_win_over_every_later_one() {
        access.directory.plan(TestDirectory.limits("p", 1, 1, 1, 1, 0, 0)).customer("alice", "pw-alice", "p");
        assertThat(access.admit("alice", 4000, "10.0.0.1")).as("first socket uses every limit once")
                .isInstanceOf(Admission.Grant.class);
        access.change("alice", c -> with(c, CustomerStatus.BANNED, c.expiresAt()));
        access.lockouts.put("alice", LimitedAccess.START.plusSeconds(60));
        access.quotaUsedUp.add("alice");
        access.change("alice", c -> with(c, CustomerStatus.BANNED, LimitedAccess.START));

        List<RefusalReason> seen = new ArrayList<>();
        seen.add(refusal(access.admit("alice", 4000, "10.0.0.1")).reason());
        access.change("alice", c -> with(c, CustomerStatus.LOCKED, c.expiresAt()));
        seen.add(refusal(access.admit("alice", 4000, "10.0.0.1")).reason());
        access.change("alice", c -> with(c, CustomerStatus.ACTIVE, c.expiresAt()));
        Admission.Refusal lockout = refusal(access.admit("alice", 4000, "10.0.0.1"));
        seen.add(lockout.reason());
        access.lockouts.clear();
        seen.add(refusal(access.admit("alice", 4000, "10.0.0.1")).reason());
        access.change("alice", c -> with(c, CustomerStatus.ACTIVE, LimitedAccess.START.plusSeconds(86_400)));
        seen.add(refusal(access.admit("alice", 4000, "10.0.0.1")).reason());
        access.quotaUsedUp.clear();
        seen.add(refusal(access.admit("alice", 4000, "10.0.0.1")).reason());
        access.directory.changePlan("p", p -> TestDirectory.limits("p", 1, 1, 0, 1, 0, 0));
        seen.add(refusal(access.admit("alice", 4000, "10.0.0.1")).reason());
        access.directory.changePlan("p", p -> TestDirectory.limits("p", 0, 1, 0, 1, 0, 0));
        seen.add(refusal(access.admit("alice", 4000, "10.0.0.1")).reason());
        access.directory.changePlan("p", p -> TestDirectory.limits("p", 0, 0, 0, 1, 0, 0));
        seen.add(refusal(access.admit("alice", 4000, "10.0.0.1")).reason());
        access.directory.changePlan("p", p -> TestDirectory.limits("p", 0, 0, 0, 0, 0, 0));

        assertThat(access.admit("alice", 4000, "10.0.0.1")).isInstanceOf(Admission.Grant.class);
        assertThat(seen).containsExactly(RefusalReason.CUSTOMER_BANNED, RefusalReason.LOCKED_OUT,
                RefusalReason.LOCKED_OUT, RefusalReason.EXPIRED, RefusalReason.QUOTA_EXCEEDED,
                RefusalReason.IP_THREADS, RefusalReason.PORT_THREADS, RefusalReason.QPS, RefusalReason.IP_QPS);
        assertThat(lockout.detail()).isEqualTo("until " + LimitedAccess.START.plusSeconds(60));
        assertThat(access.sockets.total("alice")).as("refused sockets left no count behind").isEqualTo(2);
        assertThat(access.refusals.count(RefusalReason.LOCKED_OUT)).isEqualTo(2);
        assertThat(access.refusals.snapshot()).containsEntry("qps", 1L).containsEntry("ip_qps", 1L)
                .containsEntry("port_threads", 1L).containsEntry("ip_threads", 1L).containsEntry("expired", 1L)
                .containsEntry("quota_exceeded", 1L).containsEntry("customer_banned", 1L);
    }

    @Test
    void should_let_a_lockout_lapse_by_itself() {
        access.directory.plan(TestDirectory.limits("p", 0, 0, 0, 0, 0, 0)).customer("alice", "pw-alice", "p");
        access.lockouts.put("alice", LimitedAccess.START.plusSeconds(3600));

        assertThat(refusal(access.admit("alice", 4000, "10.0.0.1")).reason()).isEqualTo(RefusalReason.LOCKED_OUT);
        access.clock.advance(Duration.ofSeconds(3600));
        assertThat(access.admit("alice", 4000, "10.0.0.1")).isInstanceOf(Admission.Grant.class);
    }

    @Test
    void should_refill_the_customer_qps_bucket_at_its_rate_with_burst_equal_to_rate() {
        access.directory.plan(TestDirectory.limits("p", 0, 3, 0, 0, 0, 0))
                .customer("alice", "pw-alice", "p").customer("bob", "pw-bob", "p");

        assertThat(grants("alice", 5)).as("burst").isEqualTo(3);
        assertThat(grants("bob", 5)).as("bob has his own bucket").isEqualTo(3);
        access.clock.advance(Duration.ofMillis(340));
        assertThat(grants("alice", 5)).as("one token per 1/3 s").isEqualTo(1);
        access.clock.advance(Duration.ofSeconds(10));
        assertThat(grants("alice", 10)).as("refill stops at the burst").isEqualTo(3);
        assertThat(access.refusals.count(RefusalReason.QPS)).isEqualTo(2 + 2 + 4 + 7);
    }

    @Test
    void should_keep_one_ip_qps_bucket_per_customer_and_client_ip() {
        access.directory.plan(TestDirectory.limits("p", 0, 0, 0, 2, 0, 0)).customer("alice", "pw-alice", "p");

        assertThat(grants("alice", "10.0.0.1", 4)).isEqualTo(2);
        assertThat(grants("alice", "10.0.0.2", 4)).isEqualTo(2);
        access.clock.advance(Duration.ofMillis(500));
        assertThat(grants("alice", "10.0.0.1", 4)).isEqualTo(1);
    }

    @Test
    void should_start_a_new_bucket_when_the_plan_qps_changes() {
        access.directory.plan(TestDirectory.limits("p", 0, 1, 0, 0, 0, 0)).customer("alice", "pw-alice", "p");
        assertThat(grants("alice", 3)).isEqualTo(1);

        access.directory.changePlan("p", p -> TestDirectory.limits("p", 0, 5, 0, 0, 0, 0));

        assertThat(grants("alice", 10)).isEqualTo(5);
    }

    @Test
    void should_take_a_qps_token_for_each_further_plain_http_request() {
        access.directory.plan(TestDirectory.limits("p", 0, 2, 0, 0, 0, 0)).customer("alice", "pw-alice", "p");
        Admission.Grant grant = (Admission.Grant) access.admit("alice", 4000, "10.0.0.1");

        assertThat(access.service.admitRequest(grant)).isSameAs(grant);
        Admission third = access.service.admitRequest(grant);

        assertThat(refusal(third).reason()).isEqualTo(RefusalReason.QPS);
        assertThat(access.refusals.count(RefusalReason.QPS)).isEqualTo(1);
        access.clock.advance(Duration.ofMillis(500));
        assertThat(access.service.admitRequest(grant)).isSameAs(grant);
    }

    @Test
    void should_drop_idle_buckets_so_the_maps_do_not_grow() {
        access.directory.plan(TestDirectory.limits("p", 0, 1000, 0, 5, 0, 0)).customer("alice", "pw-alice", "p");
        for (int i = 0; i < 200; i++) {
            access.admit("alice", 4000, "10.1." + (i / 250) + "." + (i % 250));
        }
        assertThat(access.limits.bucketCount()).isEqualTo(201);
        access.clock.advance(Duration.ofMillis(500));
        assertThat(access.limits.evictIdleBuckets()).as("still refilling").isZero();
        access.clock.advance(Duration.ofMillis(500));

        assertThat(access.limits.evictIdleBuckets()).isEqualTo(201);
        assertThat(access.limits.bucketCount()).isZero();
    }

    @Test
    void should_evict_inline_past_the_size_bound() {
        LimitedAccess small = new LimitedAccess(new io.proxysaas.limits.MutableClock(LimitedAccess.START),
                PlanLimits.ThreadsMode.PORT, 50);
        small.directory.plan(TestDirectory.limits("p", 0, 0, 0, 5, 0, 0)).customer("alice", "pw-alice", "p");
        for (int i = 0; i < 40; i++) {
            small.admit("alice", 4000, "10.2.0." + i);
        }
        small.clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 20; i++) {
            small.admit("alice", 4000, "10.3.0." + i);
        }

        assertThat(small.limits.bucketCount()).isLessThanOrEqualTo(50);
    }

    @Test
    void should_refuse_in_strict_mode_when_the_cluster_is_at_the_limit() {
        LimitedAccess strict = new LimitedAccess(PlanLimits.ThreadsMode.STRICT);
        strict.directory.plan(TestDirectory.limits("p", 3, 0, 0, 0, 0, 0)).customer("alice", "pw-alice", "p");
        strict.clusterLive.put("alice", 3L);

        assertThat(refusal(strict.admit("alice", 4000, "10.0.0.1")).reason()).isEqualTo(RefusalReason.CLUSTER_THREADS);
        assertThat(strict.sockets.total("alice")).isZero();
        strict.clusterLive.put("alice", 0L);
        for (int port = 4000; port < 4003; port++) {
            assertThat(strict.admit("alice", port, "10.0.0.1")).isInstanceOf(Admission.Grant.class);
        }
        assertThat(refusal(strict.admit("alice", 4003, "10.0.0.1")).reason())
                .as("this node's exact count counts even before the cluster view catches up")
                .isEqualTo(RefusalReason.CLUSTER_THREADS);
    }

    @Test
    void should_cap_threads_per_port_only_in_port_mode() {
        access.directory.plan(TestDirectory.limits("p", 2, 0, 0, 0, 0, 0)).customer("alice", "pw-alice", "p");
        access.clusterLive.put("alice", 100L);

        assertThat(grants("alice", 4000, 3)).isEqualTo(2);
        assertThat(grants("alice", 4001, 3)).isEqualTo(2);
        assertThat(access.sockets.total("alice")).isEqualTo(4);
    }

    private int grants(String user, int n) {
        return grants(user, "10.0.0.1", n);
    }

    private int grants(String user, String ip, int n) {
        int granted = 0;
        for (int i = 0; i < n; i++) {
            if (access.admit(user, 4000, ip) instanceof Admission.Grant) {
                granted++;
            }
        }
        return granted;
    }

    private int grants(String user, int port, int n) {
        int granted = 0;
        for (int i = 0; i < n; i++) {
            if (access.admit(user, port, "10.0.0.1") instanceof Admission.Grant) {
                granted++;
            }
        }
        return granted;
    }

    private static Admission.Refusal refusal(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Refusal.class);
        return (Admission.Refusal) admission;
    }

    private static Customer with(Customer c, CustomerStatus status, Instant expiresAt) {
        return new Customer(c.username(), c.passwordHash(), c.apiKeyHash(), c.plan(), expiresAt, status,
                c.banReason(), c.bannedUntil(), c.ips(), c.note(), c.createdAt());
    }
}
