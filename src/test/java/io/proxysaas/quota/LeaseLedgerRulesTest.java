package io.proxysaas.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.limits.BillingPeriod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger's grant arithmetic and its entry processor, run on a plain map entry (no cluster). */
class LeaseLedgerRulesTest {

    static final long MIB = 1024 * 1024;
    static final long SLICE = 256 * 1024;
    static final long END = 1_000_000L;
    static final LedgerEntry.LineVersion NOV = new LedgerEntry.LineVersion("2026-11", 1);

    @Test
    void should_grant_a_slice_while_enough_is_left() {
        assertThat(LeaseArithmetic.grant(4 * MIB, 0, SLICE)).isEqualTo(SLICE);
        assertThat(LeaseArithmetic.grant(4 * MIB, 4 * MIB - SLICE, SLICE)).isEqualTo(SLICE);
    }

    @Test
    void should_grant_only_the_rest_near_the_quota_and_nothing_when_used_up() {
        assertThat(LeaseArithmetic.grant(4 * MIB, 4 * MIB - 1000, SLICE)).isEqualTo(1000);
        assertThat(LeaseArithmetic.grant(4 * MIB, 4 * MIB, SLICE)).isZero();
        assertThat(LeaseArithmetic.grant(4 * MIB, 5 * MIB, SLICE)).isZero();
    }

    @Test
    void should_grant_nothing_without_a_quota_or_a_request() {
        assertThat(LeaseArithmetic.grant(0, 0, SLICE)).isZero();
        assertThat(LeaseArithmetic.grant(4 * MIB, 0, 0)).isZero();
        assertThat(LeaseArithmetic.grant(4 * MIB, 0, -5)).isZero();
    }

    @Test
    void should_ask_for_the_chunk_in_hand_when_it_is_bigger_than_a_slice() {
        assertThat(LeaseArithmetic.want(SLICE, 1000)).isEqualTo(SLICE);
        assertThat(LeaseArithmetic.want(SLICE, SLICE * 3)).isEqualTo(SLICE * 3);
    }

    @Test
    void should_never_lease_beyond_the_quota_however_many_requests() {
        Map.Entry<String, LedgerEntry> line = new AbstractMap.SimpleEntry<>("alice", null);
        long total = 0;
        int requests = 0;
        while (requests < 1000) {
            LeaseResult r = new LeaseProcessor("2026-11", END, 4 * MIB + 123, SLICE, -1).process(line);
            requests++;
            total += r.granted();
            if (r.exhausted()) {
                break;
            }
        }
        assertThat(total).isEqualTo(4 * MIB + 123);
        assertThat(line.getValue().leased()).isEqualTo(4 * MIB + 123);
        assertThat(requests).isEqualTo(18); // 16 full slices, the 123-byte rest, then the exhausted answer
    }

    @Test
    void should_start_a_new_line_from_the_bytes_already_used() {
        Map.Entry<String, LedgerEntry> line = new AbstractMap.SimpleEntry<>("alice", null);
        LeaseResult r = new LeaseProcessor("2026-11", END, 4 * MIB, SLICE, 4 * MIB - 10).process(line);
        assertThat(r.granted()).isEqualTo(10);
        LeaseResult next = new LeaseProcessor("2026-11", END, 4 * MIB, SLICE, 0).process(line);
        assertThat(next.granted()).isZero();
        assertThat(next.exhausted()).isTrue();
    }

    @Test
    void should_ignore_the_usage_hint_once_the_line_exists() {
        Map.Entry<String, LedgerEntry> line = new AbstractMap.SimpleEntry<>("alice",
                LedgerEntry.fresh("2026-11", END, 4 * MIB, MIB));
        new LeaseProcessor("2026-11", END, 4 * MIB, SLICE, 3 * MIB).process(line);
        assertThat(line.getValue().leased()).isEqualTo(MIB + SLICE);
    }

    @Test
    void should_roll_into_a_newer_period_and_keep_the_finished_one_for_the_archive() {
        Map.Entry<String, LedgerEntry> line = new AbstractMap.SimpleEntry<>("alice",
                LedgerEntry.fresh("2026-10", END, 4 * MIB, 4 * MIB));
        LeaseResult r = new LeaseProcessor("2026-11", END * 2, 4 * MIB, SLICE, 0).process(line);
        assertThat(r.granted()).isEqualTo(SLICE);
        assertThat(line.getValue().period()).isEqualTo("2026-11");
        assertThat(line.getValue().previousPeriod()).isEqualTo("2026-10");
        assertThat(line.getValue().previousLeased()).isEqualTo(4 * MIB);
    }

    @Test
    void should_follow_a_raised_quota_of_the_plan() {
        Map.Entry<String, LedgerEntry> line = new AbstractMap.SimpleEntry<>("alice",
                LedgerEntry.fresh("2026-11", END, 4 * MIB, 4 * MIB));
        assertThat(new LeaseProcessor("2026-11", END, 4 * MIB, SLICE, -1).process(line).exhausted()).isTrue();
        assertThat(new LeaseProcessor("2026-11", END, 8 * MIB, SLICE, -1).process(line).granted()).isEqualTo(SLICE);
    }

    @Test
    void should_let_a_local_lease_take_only_what_it_holds() {
        QuotaLease lease = novemberLease();
        assertThat(lease.take(1)).isFalse();
        lease.granted(NOV, 100);
        assertThat(lease.take(60)).isTrue();
        assertThat(lease.take(60)).isFalse();
        assertThat(lease.remaining()).isEqualTo(40);
        assertThat(lease.spent()).isFalse();
        lease.granted(NOV, 0); // the ledger had nothing more: 40 bytes cannot carry a chunk
        assertThat(lease.spent()).isTrue();
        assertThat(lease.take(40)).isTrue();
        assertThat(lease.remaining()).isZero();
    }

    @Test
    void should_grow_grants_far_from_the_end_of_the_quota_and_shrink_them_near_it() {
        long gib = 1024 * MIB;
        assertThat(LeaseArithmetic.grant(gib, 0, SLICE)).isEqualTo(16 * MIB);
        assertThat(LeaseArithmetic.grant(1024 * 1024 * gib, 0, SLICE)).isEqualTo(LeaseArithmetic.MAX_GRANT);
        assertThat(LeaseArithmetic.grant(gib, gib - 8 * MIB, SLICE)).isEqualTo(SLICE);
        assertThat(LeaseArithmetic.grant(gib, gib - 100, SLICE)).isEqualTo(100);
    }

    static QuotaLease novemberLease() {
        return new QuotaLease(BillingPeriod.calendarMonth(Instant.parse("2026-11-15T00:00:00Z"), ZoneOffset.UTC));
    }

    static Map.Entry<String, LedgerEntry> leasedLine(long bytes) {
        Map.Entry<String, LedgerEntry> line = new AbstractMap.SimpleEntry<>("alice", null);
        new LeaseProcessor("2026-11", END, 4 * MIB, bytes, -1).process(line);
        return line;
    }

    @Test
    void should_credit_returned_bytes_to_the_line_they_were_leased_from() {
        Map.Entry<String, LedgerEntry> line = leasedLine(SLICE);
        LedgerEntry.LineVersion from = line.getValue().version();

        assertThat(new LedgerProcessors.GiveBack(from, 100_000).process(line)).isEqualTo(100_000);
        assertThat(line.getValue().leased()).isEqualTo(SLICE - 100_000);
        assertThat(new LedgerProcessors.GiveBack(from, SLICE).process(line)).as("never below zero")
                .isEqualTo(SLICE - 100_000);
        assertThat(line.getValue().leased()).isZero();
    }

    @Test
    void should_credit_nothing_to_a_line_reset_since_the_grant() {
        Map.Entry<String, LedgerEntry> line = leasedLine(SLICE);
        LedgerEntry.LineVersion before = line.getValue().version();
        new LedgerProcessors.Reset("2026-11", END, 4 * MIB).process(line);
        new LeaseProcessor("2026-11", END, 4 * MIB, SLICE, -1).process(line); // another node, after the reset

        assertThat(new LedgerProcessors.GiveBack(before, SLICE).process(line)).isZero();
        assertThat(line.getValue().leased()).isEqualTo(SLICE);
        assertThat(line.getValue().generation()).isEqualTo(before.generation() + 1);
    }

    @Test
    void should_credit_a_finished_period_still_waiting_for_the_archive_but_not_one_archived() {
        Map.Entry<String, LedgerEntry> line = leasedLine(SLICE);
        LedgerEntry.LineVersion november = line.getValue().version();
        new LeaseProcessor("2026-12", END * 2, 4 * MIB, SLICE, -1).process(line); // rolls at lease time

        assertThat(new LedgerProcessors.GiveBack(november, 1000).process(line)).isEqualTo(1000);
        assertThat(line.getValue().previousLeased()).isEqualTo(SLICE - 1000);
        assertThat(line.getValue().leased()).as("December untouched").isEqualTo(SLICE);

        new LedgerProcessors.ForgetPrevious("2026-11").process(line); // archived
        assertThat(new LedgerProcessors.GiveBack(november, 1000).process(line)).isZero();
        new LedgerProcessors.Roll("2026-12", "2027-01", END * 3).process(line); // leader's reset
        assertThat(new LedgerProcessors.GiveBack(line.getValue().version(), 1).process(line)).isZero();
    }

    @Test
    void should_hand_back_the_rest_of_an_older_line_when_a_lease_is_granted_from_a_newer_one() {
        QuotaLease lease = novemberLease();
        assertThat(lease.granted(NOV, 1000)).isNull();
        assertThat(lease.take(400)).isTrue();

        LedgerEntry.LineVersion reset = new LedgerEntry.LineVersion("2026-11", 2);
        assertThat(lease.granted(reset, 500)).isEqualTo(new QuotaLease.Unspent(NOV, 600));
        assertThat(lease.remaining()).isEqualTo(500);
        assertThat(lease.granted(NOV, 300)).as("a late grant of the old line goes straight back")
                .isEqualTo(new QuotaLease.Unspent(NOV, 300));
        assertThat(lease.remaining()).isEqualTo(500);

        assertThat(lease.lineMoved(reset)).isNull();
        assertThat(lease.lineMoved(new LedgerEntry.LineVersion("2026-12", 3)))
                .isEqualTo(new QuotaLease.Unspent(reset, 500));
        assertThat(lease.takeUnspent()).isNull();
    }

    @Test
    void should_take_out_only_what_is_unspent_and_put_it_back_when_the_return_failed() {
        QuotaLease lease = novemberLease();
        lease.granted(NOV, 1000);
        lease.take(300);
        QuotaLease.Unspent unspent = lease.takeUnspent();
        assertThat(unspent).isEqualTo(new QuotaLease.Unspent(NOV, 700));
        assertThat(lease.take(1)).isFalse();
        assertThat(lease.restore(unspent)).isTrue();
        assertThat(lease.remaining()).isEqualTo(700);
        lease.lineMoved(new LedgerEntry.LineVersion("2026-11", 2));
        assertThat(lease.restore(unspent)).as("not into a line that started again").isFalse();
    }
}
