package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.limits.MutableClock;
import io.proxysaas.usage.UsageBatch.Delta;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger on one real member: billing-period rollover, the local copy behind UsageTotals, rates. */
class UsageLedgerTest {

    private static TestMembers members;
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        members = new TestMembers();
        member = members.start(null);
    }

    @AfterAll
    static void stop() {
        members.close();
    }

    /** Each test's customer has its own port too, so the tests share the member without sharing keys. */
    private static UsageBatch batch(Instant at, String user, long in, long out, long connections) {
        return new UsageBatch(at, Map.of(user, new Delta(in, out, connections)), Map.of(port(user), new Delta(in, out, 0)));
    }

    private static int port(String user) {
        return 4000 + Math.floorMod(user.hashCode(), 1000);
    }

    @Test
    void should_start_the_counters_afresh_when_a_newer_period_begins() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-03-31T23:59:59Z"));
        UsageLedger ledger = new UsageLedger(member, clock, ZoneId.of("UTC")).start();

        ledger.apply(batch(clock.instant(), "roll", 100, 200, 1));
        ledger.apply(batch(clock.instant(), "roll", 1, 2, 0));
        await().until(() -> ledger.bytesUsed("roll") == 303);
        assertThat(ledger.current("roll")).isEqualTo(new CustomerUsage("2030-03", 101, 202, 1));

        clock.advance(Duration.ofSeconds(2)); // 2030-04-01T00:00:01Z
        assertThat(ledger.bytesUsed("roll")).as("a new month with no traffic yet reads zero").isZero();
        ledger.apply(batch(clock.instant(), "roll", 7, 8, 1));
        await().until(() -> ledger.bytesUsed("roll") == 15);
        assertThat(ledger.current("roll")).isEqualTo(new CustomerUsage("2030-04", 7, 8, 1));
        assertThat(member.<Integer, PortUsage>getMap(UsageMaps.PORT_USAGE).get(port("roll")).period()).isEqualTo("2030-04");
        ledger.close();
    }

    @Test
    void should_fold_a_late_batch_of_the_previous_period_into_the_current_one() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-05-01T00:00:02Z"));
        UsageLedger ledger = new UsageLedger(member, clock, ZoneId.of("UTC")).start();

        ledger.apply(batch(Instant.parse("2030-05-01T00:00:01Z"), "late", 10, 0, 0));
        ledger.apply(batch(Instant.parse("2030-04-30T23:59:59Z"), "late", 5, 0, 0));

        await().until(() -> ledger.bytesUsed("late") == 15);
        assertThat(ledger.current("late").period()).isEqualTo("2030-05");
        ledger.close();
    }

    @Test
    void should_place_the_period_boundary_in_the_configured_time_zone() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-03-31T22:30:00Z")); // 00:30 on 1 April in Berlin
        UsageLedger ledger = new UsageLedger(member, clock, ZoneId.of("Europe/Berlin")).start();

        ledger.apply(batch(clock.instant(), "berlin", 1, 1, 1));

        await().until(() -> ledger.bytesUsed("berlin") == 2);
        assertThat(ledger.current("berlin").period()).isEqualTo("2030-04");
        assertThat(ledger.currentPeriod()).isEqualTo("2030-04");
        ledger.close();
    }

    @Test
    void should_see_a_removal_by_another_party_at_once_in_the_local_copy() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-07-01T00:00:00Z"));
        UsageLedger ledger = new UsageLedger(member, clock, ZoneId.of("UTC")).start();
        ledger.apply(batch(clock.instant(), "reset", 9, 9, 1));
        await().until(() -> ledger.bytesUsed("reset") == 18);

        member.getMap(UsageMaps.USAGE).delete("reset"); // what a quota reset may do

        await().until(() -> ledger.bytesUsed("reset") == 0);
        ledger.close();
    }
}
