package io.proxysaas.quota;

import io.proxysaas.access.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import io.proxysaas.limits.MutableClock;
import io.proxysaas.state.ClusterLeader;
import io.proxysaas.state.HazelcastNode;
import io.proxysaas.store.TestDatabase;
import io.proxysaas.usage.UsageTotals;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger, local leases, period reset and sent-alert memory on a real Hazelcast member and MariaDB. */
class QuotaLedgerComponentTest {

    static final long KIB = 1024;
    static final long QUOTA = 4 * 1024 * KIB;
    static final long SLICE = 256 * KIB;
    static final long CHUNK = 64 * KIB;

    static HazelcastInstance hz;
    static TestDatabase db;
    static final ExecutorService lookups = Executors.newFixedThreadPool(2);
    static final ScheduledExecutorService returnTimer = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() {
        hz = Hazelcast.newHazelcastInstance(HazelcastNode.embedded("quota-" + UUID.randomUUID()));
        db = TestDatabase.create();
    }

    @AfterAll
    static void stop() {
        lookups.shutdownNow();
        returnTimer.shutdownNow();
        if (hz != null) {
            hz.shutdown();
        }
        if (db != null) {
            db.close();
        }
    }

    /** A ledger of its own per test (the reset job scans every line of its map). */
    static QuotaLedger ledger() {
        return new QuotaLedger(hz.getMap(QuotaLedger.MAP + "_" + UUID.randomUUID()));
    }

    static Customer customer(String username) {
        return new Customer(username, "h", "k", "Q4", null, CustomerStatus.ACTIVE, null, null, List.of(), null,
                Instant.parse("2026-01-10T00:00:00Z"));
    }

    static final Plan PLAN = new Plan("Q4", 0, 0, 0, 0, 0, 0, QUOTA, 30, 0);

    static LocalLeases node(QuotaLedger ledger, LedgerView view, Clock clock, UsageTotals usage) {
        return new LocalLeases(ledger, view, new QuotaPeriods(false, ZoneOffset.UTC, clock), () -> usage, SLICE, lookups,
                new LeaseReturns(ledger, username -> 0, returnTimer, Duration.ofSeconds(2)));
    }

    /** Relays chunks as the relay would (take, else refill) until the quota is refused; returns the bytes relayed. */
    static long relayUntilRefused(LocalLeases leases, Customer c) throws Exception {
        long relayed = 0;
        for (int i = 0; i < 10_000; i++) {
            if (leases.lease(c).take(CHUNK)) {
                relayed += CHUNK;
            } else if (!leases.refill(c, QUOTA, CHUNK).toCompletableFuture().get(10, TimeUnit.SECONDS)) {
                return relayed;
            }
        }
        throw new AssertionError("the quota was never refused");
    }

    @Test
    void should_never_relay_more_than_the_quota_from_two_nodes_with_four_sockets_each() throws Exception {
        QuotaLedger ledger = ledger();
        Clock clock = Clock.systemUTC();
        LocalLeases a = node(ledger, new LedgerView(), clock, UsageTotals.NONE);
        LocalLeases b = node(ledger, new LedgerView(), clock, UsageTotals.NONE);
        Customer c = customer("parallel");
        ExecutorService sockets = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> relayed = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                LocalLeases node = i % 2 == 0 ? a : b;
                relayed.add(sockets.submit(() -> relayUntilRefused(node, c)));
            }
            long total = 0;
            for (Future<Long> f : relayed) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isLessThanOrEqualTo(QUOTA).isGreaterThan(QUOTA - 2 * CHUNK);
            assertThat(ledger.get("parallel").leased()).isEqualTo(QUOTA);
        } finally {
            sockets.shutdownNow();
        }
    }

    @Test
    void should_give_no_budget_to_a_customer_without_a_quota() {
        QuotaLedger ledger = ledger();
        LocalLeases node = node(ledger, new LedgerView(), Clock.systemUTC(), UsageTotals.NONE);
        Plan unlimited = new Plan("Unlimited", 0, 0, 0, 0, 0, 0, 0, 30, 0);
        assertThat(node.forGrant(new io.proxysaas.access.Admission.Grant(customer("free"), unlimited, 4000, "127.0.0.1")))
                .isNull();
        assertThat(node.forGrant(new io.proxysaas.access.Admission.Grant(customer("paying"), PLAN, 4000, "127.0.0.1")))
                .isNotNull();
        assertThat(ledger.get("free")).isNull();
    }

    @Test
    void should_start_a_period_from_the_bytes_already_used_so_a_restart_never_grants_the_quota_again() throws Exception {
        QuotaLedger ledger = ledger();
        UsageTotals usage = u -> QUOTA - 3 * CHUNK;
        long relayed = relayUntilRefused(node(ledger, new LedgerView(), Clock.systemUTC(), usage), customer("restarted"));
        assertThat(relayed).isEqualTo(3 * CHUNK);
    }

    @Test
    void should_see_exhaustion_and_an_admin_reset_through_the_entry_listener_on_another_node() throws Exception {
        QuotaLedger ledger = ledger();
        Customer c = customer("listened");
        LedgerView viewOnB = new LedgerView();
        ledger.listen(viewOnB::update, viewOnB::clear);
        LocalLeases b = node(ledger, viewOnB, Clock.systemUTC(), UsageTotals.NONE);
        LedgerQuotaCheck checkOnB = new LedgerQuotaCheck(TestDirectory.of(PLAN, c), viewOnB, b,
                Clock.systemUTC());

        relayUntilRefused(node(ledger, new LedgerView(), Clock.systemUTC(), UsageTotals.NONE), c);
        await().atMost(Duration.ofSeconds(5)).until(() -> checkOnB.exhausted("listened"));

        new LedgerQuotaAdmin(ledger, TestDirectory.of(PLAN, c),
                new QuotaPeriods(false, ZoneOffset.UTC, Clock.systemUTC()), hz).reset("listened");
        await().atMost(Duration.ofSeconds(5)).until(() -> !checkOnB.exhausted("listened"));
        assertThat(ledger.get("listened").leased()).isZero();
    }

    @Test
    void should_archive_a_finished_period_once_and_start_the_next_from_zero() throws Exception {
        QuotaLedger ledger = ledger();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:00:00Z"));
        Customer c = customer("archived");
        Customer rolled = customer("rolled");
        LocalLeases node = node(ledger, new LedgerView(), clock, UsageTotals.NONE);
        node.refill(c, QUOTA, CHUNK).toCompletableFuture().get(10, TimeUnit.SECONDS);
        node.refill(rolled, QUOTA, CHUNK).toCompletableFuture().get(10, TimeUnit.SECONDS);
        PeriodReset reset = new PeriodReset(ledger, new UsageArchive(db.dataSource(), clock),
                TestDirectory.of(PLAN, c, rolled), new QuotaPeriods(false, ZoneOffset.UTC, clock), new ClusterLeader(hz), clock);
        assertThat(reset.resetFinishedPeriods()).isZero();

        clock.advance(Duration.ofHours(2)); // December
        node.refill(rolled, QUOTA, CHUNK).toCompletableFuture().get(10, TimeUnit.SECONDS); // rolls at lease time
        assertThat(ledger.get("rolled").previousPeriod()).isEqualTo("2026-11");

        assertThat(reset.resetFinishedPeriods()).isEqualTo(2);
        assertThat(reset.resetFinishedPeriods()).isZero();
        assertThat(archived("archived")).containsExactly("2026-11:" + SLICE + ":" + QUOTA);
        assertThat(archived("rolled")).as("the November lease went back unspent when December's was taken")
                .containsExactly("2026-11:0:" + QUOTA);
        assertThat(ledger.get("archived").period()).isEqualTo("2026-12");
        assertThat(ledger.get("archived").leased()).isZero();
        assertThat(ledger.get("rolled").previousPeriod()).isNull();
        assertThat(ledger.get("rolled").leased()).isEqualTo(SLICE);
    }

    @Test
    void should_remember_a_sent_alert_across_a_restart() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-15T00:00:00Z"));
        AlertRules.Alert alert = new AlertRules.Alert("quota_80", "remembered", "2026-11", "x");
        assertThat(new JdbcSentAlerts(db.dataSource(), clock).claim(alert)).isTrue();
        JdbcSentAlerts afterRestart = new JdbcSentAlerts(db.dataSource(), clock);
        assertThat(afterRestart.claim(alert)).isFalse();
        assertThat(afterRestart.claim(new AlertRules.Alert("quota_80", "remembered", "2026-12", "x"))).isTrue();
    }

    static List<String> archived(String username) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT period, bytes_used, quota_bytes FROM usage_archive WHERE username = '"
                     + username + "'")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getLong(2) + ":" + rs.getLong(3));
            }
        }
        return rows;
    }
}
