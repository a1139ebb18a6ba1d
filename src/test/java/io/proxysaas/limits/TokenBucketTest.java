package io.proxysaas.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void should_allow_a_burst_of_rate_then_refuse() {
        TokenBucket bucket = new TokenBucket(clock, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake()).as("token %d", i).isTrue();
        }
        assertThat(bucket.tryTake()).isFalse();
        assertThat(bucket.millisUntilNextToken()).isEqualTo(200);
    }

    @Test
    void should_refill_at_the_rate_and_never_beyond_the_burst() {
        TokenBucket bucket = new TokenBucket(clock, 10);
        for (int i = 0; i < 10; i++) {
            bucket.tryTake();
        }
        clock.advance(Duration.ofMillis(99));
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofHours(5));
        int taken = 0;
        while (bucket.tryTake() && taken < 100) {
            taken++;
        }
        assertThat(taken).isEqualTo(10);
    }

    @Test
    void should_refill_slow_rates_smoothly() {
        TokenBucket bucket = new TokenBucket(clock, 1);
        assertThat(bucket.tryTake()).isTrue();
        clock.advance(Duration.ofMillis(999));
        assertThat(bucket.tryTake()).isFalse();
        assertThat(bucket.millisUntilNextToken()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(bucket.tryTake()).isTrue();
    }

    @Test
    void should_refuse_a_non_positive_rate() {
        assertThatThrownBy(() -> new TokenBucket(clock, 0)).hasMessageContaining("rate must be positive");
    }
}
