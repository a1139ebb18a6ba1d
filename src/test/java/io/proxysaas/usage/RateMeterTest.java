package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.limits.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rates from successive cluster totals: bytes since the last roll over the time since it. */
class RateMeterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-06-10T12:00:00Z"));
    private final RateMeter rates = new RateMeter(clock);

    @Test
    void should_divide_the_bytes_since_the_last_roll_by_the_time_since_it() {
        rates.roll(Map.of("a", new CustomerUsage("2030-06", 1000, 0, 1)));
        assertThat(rates.rate("a")).as("one sample is no rate yet").isZero();

        clock.advance(Duration.ofSeconds(2));
        rates.roll(Map.of("a", new CustomerUsage("2030-06", 4000, 1000, 1)));

        assertThat(rates.rate("a")).isEqualTo(2000);
        assertThat(rates.rate("nobody")).isZero();
    }

    @Test
    void should_never_go_negative_on_a_reset_or_a_new_period() {
        rates.roll(Map.of("a", new CustomerUsage("2030-06", 9000, 0, 1), "b", new CustomerUsage("2030-06", 50, 0, 1)));
        clock.advance(Duration.ofSeconds(1));
        rates.roll(Map.of("a", new CustomerUsage("2030-06", 100, 0, 1), "b", new CustomerUsage("2030-07", 70, 0, 1)));

        assertThat(rates.rate("a")).isEqualTo(100);
        assertThat(rates.rate("b")).isEqualTo(70);
    }

    @Test
    void should_forget_customers_that_left_the_counters() {
        rates.roll(Map.of("a", new CustomerUsage("2030-06", 0, 0, 1)));
        clock.advance(Duration.ofSeconds(1));
        rates.roll(Map.of("a", new CustomerUsage("2030-06", 10, 0, 1)));
        rates.roll(Map.of());

        assertThat(rates.rate("a")).isZero();
    }
}
