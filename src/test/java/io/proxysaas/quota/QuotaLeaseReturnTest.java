package io.proxysaas.quota;

import io.proxysaas.access.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.it.LoopbackCluster;
import io.proxysaas.limits.MutableClock;
import io.proxysaas.store.TestDatabase;
import io.proxysaas.usage.UsageTotals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unspent quota leases going back to the ledger, on two real members in one JVM (loopback, free ports):
 * after a customer's last socket on a node closed and the linger passed, the other node can use the
 * whole rest of the quota; a reset or a new period between grant and return gets none of the old
 * lease; the ledger then holds exactly the bytes relayed.
 */
class QuotaLeaseReturnTest {

    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long CHUNK = 64 * KIB;
    static final long SLICE = 256 * KIB;
    static final Duration LINGER = Duration.ofMillis(300);

    static List<HazelcastInstance> members;
    static final ExecutorService lookups = Executors.newFixedThreadPool(2);
    static final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() {
        members = LoopbackCluster.cluster(2);
    }

    @AfterAll
    static void stop() {
        lookups.shutdownNow();
        timer.shutdownNow();
        members.forEach(HazelcastInstance::shutdown);
    }

    /** One node's quota side on {@code member}: its leases, a view fed by the ledger listener, live sockets set by the test. */
    static final class Node {
        final QuotaLedger ledger;
        final LocalLeases leases;
        final Map<String, AtomicInteger> live = new ConcurrentHashMap<>();

        Node(HazelcastInstance member, String map, Clock clock) {
            ledger = new QuotaLedger(member.getMap(map));
            LedgerView view = new LedgerView();
            leases = new LocalLeases(ledger, view, new QuotaPeriods(false, ZoneOffset.UTC, clock), () -> UsageTotals.NONE,
                    SLICE, lookups, new LeaseReturns(ledger, u -> live.computeIfAbsent(u, k -> new AtomicInteger()).get(),
                    timer, LINGER));
            ledger.listen((username, line) -> {
                view.update(username, line);
                leases.lineChanged(username, line);
            }, view::clear);
        }

        /** A socket of {@code c} opens here and relays {@code chunks} chunks (as the relay takes its budget). */
        long relay(Customer c, long quota, int chunks) throws Exception {
            live.computeIfAbsent(c.username(), k -> new AtomicInteger()).incrementAndGet();
            long relayed = 0;
            for (int i = 0; i < 10_000 && relayed < chunks * CHUNK; i++) {
                if (leases.lease(c).take(CHUNK)) {
                    relayed += CHUNK;
                } else if (!leases.refill(c, quota, CHUNK).toCompletableFuture().get(10, TimeUnit.SECONDS)) {
                    break;
                }
            }
            return relayed;
        }

        /** The socket of {@code c} closes (the connection registry tells the leases). */
        void close(Customer c) {
            live.get(c.username()).decrementAndGet();
            leases.socketClosed(c.username());
        }
    }

    static Node[] nodes(Clock clock) {
        String map = QuotaLedger.MAP + "_" + UUID.randomUUID();
        return new Node[] {new Node(members.get(0), map, clock), new Node(members.get(1), map, clock)};
    }

    static Customer customer(String username) {
        return new Customer(username, "h", "k", "Q", null, CustomerStatus.ACTIVE, null, null, List.of(), null,
                Instant.parse("2026-01-10T00:00:00Z"));
    }

    @Test
    void should_let_the_other_node_use_the_whole_rest_once_the_first_returned_its_lease_after_the_linger() throws Exception {
        long quota = 64 * MIB; // far from its end a grant is 1/64 of what is left: about 1 MiB
        Node[] n = nodes(Clock.systemUTC());
        Customer c = customer("mover");

        long onA = n[0].relay(c, quota, 3);
        assertThat(onA).isEqualTo(3 * CHUNK);
        long unspentOnA = n[0].leases.unspent("mover");
        assertThat(unspentOnA).as("A leased far more than it relayed").isGreaterThan(512 * KIB);
        n[0].close(c);
        assertThat(n[1].ledger.get("mover").leased()).as("still leased during the linger").isEqualTo(onA + unspentOnA);

        await().atMost(Duration.ofSeconds(10)).until(() -> n[1].ledger.get("mover").leased() == onA);
        assertThat(n[0].leases.unspent("mover")).isZero();

        long onB = n[1].relay(c, quota, Integer.MAX_VALUE);
        assertThat(onA + onB).as("B not cut early by A's lease").isGreaterThan(quota - CHUNK).isLessThanOrEqualTo(quota);
        n[1].close(c);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(n[0].ledger.get("mover").leased()).as("exactly the bytes relayed").isEqualTo(onA + onB));
    }

    @Test
    void should_keep_the_lease_while_the_customer_reconnects_within_the_linger() throws Exception {
        Node[] n = nodes(Clock.systemUTC());
        Customer c = customer("flapper");
        long relayed = n[0].relay(c, 4 * MIB, 1);
        long leased = n[0].ledger.get("flapper").leased();
        n[0].close(c);
        n[0].live.get("flapper").incrementAndGet(); // back at once, still connected

        await().during(LINGER.multipliedBy(3)).atMost(LINGER.multipliedBy(5))
                .until(() -> n[1].ledger.get("flapper").leased() == leased);
        assertThat(n[0].leases.unspent("flapper")).isEqualTo(leased - relayed);

        n[0].close(c);
        await().atMost(Duration.ofSeconds(10)).until(() -> n[1].ledger.get("flapper").leased() == relayed);
    }

    @Test
    void should_not_credit_a_lease_granted_before_an_admin_reset_to_the_line_after_it() throws Exception {
        long quota = 4 * MIB;
        Node[] n = nodes(Clock.systemUTC());
        Customer c = customer("resetme");
        n[0].relay(c, quota, 1);
        assertThat(n[0].leases.unspent("resetme")).isPositive();
        n[1].ledger.reset("resetme", new QuotaPeriods(false, ZoneOffset.UTC, Clock.systemUTC()).current(c), quota);

        long onB = n[1].relay(c, quota, 2);
        n[0].close(c);
        await().atMost(Duration.ofSeconds(10)).until(() -> n[0].leases.unspent("resetme") == 0);

        long unspentOnB = n[1].leases.unspent("resetme");
        await().during(LINGER.multipliedBy(2)).atMost(LINGER.multipliedBy(4)).until(() ->
                n[1].ledger.get("resetme").leased() == onB + unspentOnB);
    }

    @Test
    void should_not_credit_a_november_lease_to_december_after_the_leaders_period_reset() throws Exception {
        long quota = 4 * MIB;
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:00:00Z"));
        Node[] n = nodes(clock);
        Customer c = customer("archived");
        n[0].relay(c, quota, 1);
        clock.advance(Duration.ofHours(2));
        try (TestDatabase db = TestDatabase.create()) {
            assertThat(new PeriodReset(n[1].ledger, new UsageArchive(db.dataSource(), clock),
                    TestDirectory.of(QuotaLedgerComponentTest.PLAN, c), new QuotaPeriods(false, ZoneOffset.UTC, clock),
                    null, clock).resetFinishedPeriods()).isEqualTo(1);
        }
        long december = n[1].relay(c, quota, 2);
        long unspentOnB = n[1].leases.unspent("archived");
        n[0].close(c);

        await().atMost(Duration.ofSeconds(10)).until(() -> n[0].leases.unspent("archived") == 0);
        await().during(LINGER.multipliedBy(2)).atMost(LINGER.multipliedBy(4)).until(() ->
                n[1].ledger.get("archived").leased() == december + unspentOnB);
        assertThat(n[1].ledger.get("archived").period()).isEqualTo("2026-12");
    }

    @Test
    void should_credit_a_november_lease_to_november_while_it_waits_for_the_archive() throws Exception {
        long quota = 4 * MIB;
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:00:00Z"));
        Node[] n = nodes(clock);
        Customer c = customer("waiting");
        long november = n[0].relay(c, quota, 1);
        clock.advance(Duration.ofHours(2));
        long december = n[1].relay(c, quota, 2); // December's first lease rolls the line: November waits
        long unspentOnB = n[1].leases.unspent("waiting");
        n[0].close(c);

        await().atMost(Duration.ofSeconds(10)).until(() -> n[1].ledger.get("waiting").previousLeased() == november);
        LedgerEntry line = n[1].ledger.get("waiting");
        assertThat(line.previousPeriod()).isEqualTo("2026-11");
        assertThat(line.period()).isEqualTo("2026-12");
        assertThat(line.leased()).as("December untouched").isEqualTo(december + unspentOnB);
    }

    @Test
    void should_return_every_lease_when_the_member_shuts_down() throws Exception {
        List<HazelcastInstance> pair = LoopbackCluster.cluster(2);
        try {
            String map = QuotaLedger.MAP + "_" + UUID.randomUUID();
            Node leaving = new Node(pair.get(0), map, Clock.systemUTC());
            QuotaLedger staying = new QuotaLedger(pair.get(1).getMap(map));
            leaving.leases.returnAllOnShutdown(pair.get(0).getLifecycleService(), Duration.ofSeconds(5));
            Customer c = customer("leaver");
            long relayed = leaving.relay(c, 4 * MIB, 1);
            assertThat(staying.get("leaver").leased()).isGreaterThan(relayed);

            pair.get(0).shutdown(); // sockets still "open": nothing more can be relayed once the member is gone

            assertThat(staying.get("leaver").leased()).isEqualTo(relayed);
        } finally {
            pair.forEach(HazelcastInstance::shutdown);
        }
    }
}
