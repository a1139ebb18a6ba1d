package io.proxysaas.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proxysaas.limits.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureCounterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final FailureCounter counter = new FailureCounter(3, Duration.ofSeconds(60), 1_000, clock);

    @Test
    void should_report_the_nth_failure_inside_the_window() {
        assertThat(counter.failed("1.2.3.4").reached()).isFalse();
        clock.advance(Duration.ofSeconds(20));
        assertThat(counter.failed("1.2.3.4").reached()).isFalse();
        clock.advance(Duration.ofSeconds(20));
        assertThat(counter.failed("1.2.3.4").reached()).isTrue();
        assertThat(counter.count("1.2.3.4")).isZero(); // the count restarts after a block
    }

    @Test
    void should_forget_failures_older_than_the_window() {
        counter.failed("1.2.3.4");
        counter.failed("1.2.3.4");
        clock.advance(Duration.ofSeconds(60));
        assertThat(counter.failed("1.2.3.4").reached()).isFalse();
        assertThat(counter.count("1.2.3.4")).isEqualTo(1);
    }

    @Test
    void should_count_each_ip_on_its_own() {
        counter.failed("1.2.3.4");
        counter.failed("1.2.3.4");
        assertThat(counter.failed("5.6.7.8").reached()).isFalse();
        assertThat(counter.failed("1.2.3.4").reached()).isTrue();
    }

    @Test
    void should_stay_bounded_when_many_ips_fail() {
        FailureCounter small = new FailureCounter(3, Duration.ofSeconds(60), 100, clock);
        for (int i = 0; i < 10_000; i++) {
            small.failed("10.0." + (i / 256) + "." + (i % 256));
        }
        assertThat(small.tracked()).isLessThanOrEqualTo(100);
    }

    @Test
    void should_refuse_nonsense_settings() {
        assertThatThrownBy(() -> new FailureCounter(0, Duration.ofSeconds(1), 10, clock))
                .hasMessageContaining("bruteforce.max-failures");
        assertThatThrownBy(() -> new FailureCounter(3, Duration.ZERO, 10, clock))
                .hasMessageContaining("bruteforce.window");
    }
}
