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
    void should_bank_no_more_than_the_slack_after_idling() {
        BandwidthBudget budget = new BandwidthBudget(1_000_000);
        budget.charge(1, 0);
        long idle = 60_000 * MS;

        assertThat(budget.charge(100_000, idle)).as("100 ms of slack pays for 100 kB").isZero();
        assertThat(budget.charge(100_000, idle)).isEqualTo(100 * MS);
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
