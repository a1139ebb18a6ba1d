package io.proxysaas.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentSourcesTest {

    static final long MINUTE = Duration.ofMinutes(1).toNanos();

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void should_know_an_address_within_the_window_and_forget_it_after() throws Exception {
        RecentSources recent = new RecentSources(1024, Duration.ofMinutes(10));
        long t0 = 5 * MINUTE;
        recent.admitted(ip("203.0.113.7"), t0);

        assertThat(recent.recent(ip("203.0.113.7"), t0)).isTrue();
        assertThat(recent.recent(ip("203.0.113.7"), t0 + 9 * MINUTE)).isTrue();
        assertThat(recent.recent(ip("203.0.113.7"), t0 + 10 * MINUTE + 1)).isFalse();
    }

    @Test
    void should_not_know_addresses_never_admitted() throws Exception {
        RecentSources recent = new RecentSources(1 << 16, Duration.ofMinutes(10));
        recent.admitted(ip("203.0.113.7"), MINUTE);
        recent.admitted(ip("2001:db8::7"), MINUTE);

        assertThat(recent.recent(ip("203.0.113.8"), MINUTE)).isFalse();
        assertThat(recent.recent(ip("2001:db8::8"), MINUTE)).isFalse();
        assertThat(recent.recent(ip("2001:db8::7"), MINUTE)).isTrue();
        assertThat(recent.recent(null, MINUTE)).isFalse();
    }

    @Test
    void should_renew_on_every_admission() throws Exception {
        RecentSources recent = new RecentSources(64, Duration.ofMinutes(10));
        recent.admitted(ip("198.51.100.1"), MINUTE);
        recent.admitted(ip("198.51.100.1"), 8 * MINUTE);

        assertThat(recent.recent(ip("198.51.100.1"), 15 * MINUTE)).isTrue();
    }

    @Test
    void should_never_know_anything_with_a_zero_window() throws Exception {
        RecentSources recent = new RecentSources(64, Duration.ZERO);
        recent.admitted(ip("198.51.100.1"), MINUTE);

        assertThat(recent.recent(ip("198.51.100.1"), MINUTE)).isFalse();
    }

    @Test
    void should_not_count_a_time_before_the_admission_as_recent() throws Exception {
        RecentSources recent = new RecentSources(64, Duration.ofMinutes(10));
        recent.admitted(ip("198.51.100.1"), 20 * MINUTE);

        assertThat(recent.recent(ip("198.51.100.1"), 10 * MINUTE)).isFalse();
    }
}
