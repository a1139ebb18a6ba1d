package io.proxysaas.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.limits.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The brute-force window rule alone: what counts, when the limit is reached, how batches of several nodes add up. */
class FailureWindowTest {

    static final long WINDOW = Duration.ofSeconds(60).toMillis();

    final MutableClock clock = new MutableClock(Instant.parse("2030-05-01T10:00:00Z"));

    long tick(Duration by) {
        clock.advance(by);
        return clock.millis();
    }

    @Test
    void should_reach_the_limit_when_batches_of_two_nodes_add_up_to_n_inside_the_window() {
        long a1 = clock.millis();
        long b1 = tick(Duration.ofSeconds(10));
        long a2 = tick(Duration.ofSeconds(10));

        FailureWindow.Tally first = FailureWindow.add(FailureWindow.NONE, new long[] {a1, a2}, clock.millis(), WINDOW, 4);
        FailureWindow.Tally second = FailureWindow.add(first.kept(), new long[] {b1}, clock.millis(), WINDOW, 4);
        assertThat(second.reached()).isFalse();
        assertThat(second.count()).isEqualTo(3);
        assertThat(second.kept()).containsExactly(a1, b1, a2);

        long b2 = tick(Duration.ofSeconds(39));
        FailureWindow.Tally fourth = FailureWindow.add(second.kept(), new long[] {b2}, clock.millis(), WINDOW, 4);
        assertThat(fourth.reached()).isTrue();
        assertThat(fourth.count()).isEqualTo(4);
        assertThat(fourth.kept()).as("the count starts again after a block").isEmpty();
    }

    @Test
    void should_stop_counting_a_failure_exactly_one_window_after_it() {
        long old = clock.millis();
        long recent = tick(Duration.ofSeconds(30));
        tick(Duration.ofSeconds(29).plusMillis(999));
        assertThat(FailureWindow.prune(new long[] {old, recent}, clock.millis(), WINDOW)).containsExactly(old, recent);
        tick(Duration.ofMillis(1));
        assertThat(FailureWindow.prune(new long[] {old, recent}, clock.millis(), WINDOW)).containsExactly(recent);

        FailureWindow.Tally tally = FailureWindow.add(new long[] {old, recent}, new long[] {clock.millis()},
                clock.millis(), WINDOW, 3);
        assertThat(tally.reached()).as("the old failure no longer counts").isFalse();
        assertThat(tally.count()).isEqualTo(2);
    }

    @Test
    void should_not_count_a_late_batch_whose_failures_fell_out_of_the_window() {
        long stale = clock.millis();
        tick(Duration.ofSeconds(61));
        FailureWindow.Tally tally = FailureWindow.add(new long[] {clock.millis()}, new long[] {stale, stale},
                clock.millis(), WINDOW, 2);
        assertThat(tally.reached()).isFalse();
        assertThat(tally.count()).isEqualTo(1);
    }

    @Test
    void should_keep_only_the_latest_unpublished_failures_of_one_ip() {
        long[] pending = FailureWindow.NONE;
        for (int i = 0; i < 100; i++) {
            pending = FailureWindow.append(pending, tick(Duration.ofMillis(10)), 3);
        }
        long now = clock.millis();
        assertThat(pending).containsExactly(now - 20, now - 10, now);
        assertThat(FailureWindow.append(FailureWindow.NONE, now, 1)).containsExactly(now);
    }
}
