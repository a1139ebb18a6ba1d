package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The shaping arithmetic on a hand-moved nanosecond clock. */
class BandwidthBudgetTest {

    private static final long MS = 1_000_000L;

    @Test
    void should_make_a_reader_wait_bytes_over_rate() {
        BandwidthBudget budget = new BandwidthBudget(1_000_000);

        assertThat(budget.charge(100_000, 0)).isEqualTo(100 * MS);
        assertThat(budget.charge(100_000, 100 * MS)).as("paid up, next chunk").isEqualTo(100 * MS);
        assertThat(budget.charge(50_000, 150 * MS)).as("charged early: waits for the debt too").isEqualTo(100 * MS);
    }

    @Test
    void should_hold_readers_sharing_a_budget_to_the_rate_together() {
        BandwidthBudget shared = new BandwidthBudget(3_000_000);
        long now = 0;
        long[] resume = new long[3];
        long bytes = 0;
        // Three sockets each read 64 KiB whenever their wait is over, for 10 simulated seconds.
        while (now < 10_000 * MS) {
            for (int s = 0; s < 3; s++) {
                if (resume[s] <= now) {
                    resume[s] = now + shared.charge(65_536, now);
                    bytes += 65_536;
                }
            }
            now += MS;
        }
        assertThat(bytes / 10.0).isBetween(3_000_000 * 0.98, 3_000_000 * 1.03);
    }

    @Test
    void should_bank_nothing_after_idling_but_let_a_late_reader_count_from_when_it_was_due() {
        BandwidthBudget budget = new BandwidthBudget(1_000_000);
        budget.charge(100_000, 0);
        long idle = 60_000 * MS;

        assertThat(budget.charge(100_000, idle)).as("a pause is not banked").isEqualTo(100 * MS);
        long due = idle + 100 * MS;
        assertThat(budget.charge(100_000, due + 40 * MS, due)).as("woken 40 ms late").isEqualTo(60 * MS);
    }

    @Test
    void should_keep_a_late_woken_reader_at_the_rate() {
        BandwidthBudget budget = new BandwidthBudget(1_000_000);
        long now = 0;
        long due = 0;
        long bytes = 0;
        // Every wake-up is 30 ms late; counting from when it was due keeps the average at the rate.
        while (now < 10_000 * MS) {
            long wait = budget.charge(65_536, now, due == 0 ? now : due);
            bytes += 65_536;
            due = now + wait;
            now = due + 30 * MS;
        }
        assertThat(bytes / 10.0).isBetween(1_000_000 * 0.97, 1_000_000 * 1.03);
    }

    @Test
    void should_apply_a_new_rate_to_later_bytes_and_refuse_a_zero_rate() {
        BandwidthBudget budget = new BandwidthBudget(1_000_000);
        budget.rate(2_000_000);

        assertThat(budget.charge(200_000, 0)).isEqualTo(100 * MS);
        assertThatThrownBy(() -> budget.rate(0)).hasMessageContaining("bandwidth must be positive");
    }

    @Test
    void should_share_one_budget_per_customer_until_the_last_socket_closes() {
        BandwidthShapers shapers = new BandwidthShapers();
        BandwidthBudget first = shapers.acquire("alice", 1_000);
        BandwidthBudget second = shapers.acquire("alice", 2_000);

        assertThat(second).isSameAs(first);
        assertThat(first.rate()).as("the newest plan's rate").isEqualTo(2_000);
        shapers.release("alice");
        assertThat(shapers.customers()).isEqualTo(1);
        shapers.release("alice");
        assertThat(shapers.customers()).isZero();
        assertThat(shapers.acquire("alice", 1_000)).isNotSameAs(first);
    }
}
