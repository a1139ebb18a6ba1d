package io.proxysaas.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.limits.StrikeClock.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StrikeClockTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void should_kick_after_continuous_overage_for_the_grace() {
        StrikeClock strike = new StrikeClock(Duration.ofMinutes(15));
        assertThat(strike.observe(11, 10, T0)).isEqualTo(Outcome.STRIKE_STARTED);
        assertThat(strike.overSince()).isEqualTo(T0);
        assertThat(strike.observe(12, 10, T0.plus(Duration.ofMinutes(14)))).isEqualTo(Outcome.NONE);
        assertThat(strike.observe(11, 10, T0.plus(Duration.ofMinutes(15)))).isEqualTo(Outcome.KICK);
        assertThat(strike.overSince()).isNull();
    }

    @Test
    void should_reset_when_the_customer_dips_to_the_limit() {
        StrikeClock strike = new StrikeClock(Duration.ofMinutes(15));
        strike.observe(11, 10, T0);
        assertThat(strike.observe(10, 10, T0.plus(Duration.ofMinutes(10)))).isEqualTo(Outcome.STRIKE_RESET);
        assertThat(strike.observe(11, 10, T0.plus(Duration.ofMinutes(11)))).isEqualTo(Outcome.STRIKE_STARTED);
        assertThat(strike.observe(11, 10, T0.plus(Duration.ofMinutes(25)))).isEqualTo(Outcome.NONE);
        assertThat(strike.observe(11, 10, T0.plus(Duration.ofMinutes(26)))).isEqualTo(Outcome.KICK);
    }

    @Test
    void should_never_strike_an_unlimited_plan_or_a_customer_at_the_limit() {
        StrikeClock strike = new StrikeClock(Duration.ZERO);
        assertThat(strike.observe(1_000, 0, T0)).isEqualTo(Outcome.NONE);
        assertThat(strike.observe(10, 10, T0)).isEqualTo(Outcome.NONE);
        assertThat(strike.observe(11, 10, T0)).isEqualTo(Outcome.KICK);
    }

    @Test
    void should_resume_a_clock_restored_from_the_cluster() {
        StrikeClock strike = new StrikeClock(Duration.ofSeconds(30), T0);
        assertThat(strike.observe(5, 2, T0.plusSeconds(30))).isEqualTo(Outcome.KICK);
    }
}
