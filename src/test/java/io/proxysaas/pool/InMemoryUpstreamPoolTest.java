package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import io.proxysaas.limits.MutableClock;
import org.junit.jupiter.api.Test;

class InMemoryUpstreamPoolTest {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    private final InMemoryUpstreamPool pool = new InMemoryUpstreamPool(port -> port != 4001, Clock.fixed(NOW, ZoneOffset.UTC));

    private static PoolEntry entry(int port, String password) {
        return new PoolEntry(port, port - 3999, new Upstream(UpstreamScheme.HTTP, "h", 1, "u", password));
    }

    @Test
    void should_answer_unknown_health_until_a_report() {
        pool.put(4000, entry(4000, "p"));
        assertThat(pool.health(4000)).isEqualTo(UpstreamHealth.UNKNOWN);
        pool.reportFailure(4000, "refused");
        assertThat(pool.health(4000)).isEqualTo(new UpstreamHealth(false, -1, NOW, "refused"));
        pool.reportSuccess(4000, 12);
        assertThat(pool.health(4000)).isEqualTo(new UpstreamHealth(true, 12, NOW, null));
    }

    @Test
    void should_forget_health_when_the_upstream_changes_but_not_when_only_the_line_moves() {
        pool.put(4000, entry(4000, "p"));
        pool.reportFailure(4000, "refused");
        pool.put(4000, new PoolEntry(4000, 9, entry(4000, "p").upstream()));
        assertThat(pool.health(4000).healthy()).isFalse();
        pool.put(4000, entry(4000, "other"));
        assertThat(pool.health(4000)).isEqualTo(UpstreamHealth.UNKNOWN);
    }

    @Test
    void should_ignore_reports_for_ports_outside_the_pool_and_order_entries_by_port() {
        pool.reportFailure(4999, "x");
        pool.put(4002, entry(4002, "p"));
        pool.put(4000, entry(4000, "p"));
        pool.put(4001, entry(4001, "p"));
        pool.put(4002, null);
        assertThat(pool.health(4999)).isEqualTo(UpstreamHealth.UNKNOWN);
        assertThat(pool.entries()).extracting(PoolEntry::port).containsExactly(4000, 4001);
        assertThat(pool.isBound(4000)).isTrue();
        assertThat(pool.isBound(4001)).as("listener says unbound").isFalse();
        assertThat(pool.isBound(4002)).as("not in the pool").isFalse();
    }

    @Test
    void should_renew_a_healthy_record_at_most_once_a_second_but_take_every_failure_and_recovery() {
        MutableClock clock = new MutableClock(NOW);
        InMemoryUpstreamPool p = new InMemoryUpstreamPool(port -> true, clock);
        p.put(4000, entry(4000, "p"));
        p.reportSuccess(4000, 5);
        clock.advance(java.time.Duration.ofMillis(999));
        p.reportSuccess(4000, 7);
        assertThat(p.health(4000)).isEqualTo(new UpstreamHealth(true, 5, NOW, null));
        clock.advance(java.time.Duration.ofMillis(1));
        p.reportSuccess(4000, 9);
        assertThat(p.health(4000)).isEqualTo(new UpstreamHealth(true, 9, NOW.plusMillis(1000), null));
        clock.advance(java.time.Duration.ofMillis(1));
        p.reportFailure(4000, "refused");
        assertThat(p.health(4000).healthy()).isFalse();
        p.reportSuccess(4000, 3);
        assertThat(p.health(4000)).as("a recovery counts at once").isEqualTo(new UpstreamHealth(true, 3, NOW.plusMillis(1001), null));
    }
}
