package io.proxysaas.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.limits.BillingPeriod;
import io.proxysaas.limits.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Billing periods as the quota sees them, on a clock the test moves across the boundaries. */
class QuotaPeriodsTest {

    static Customer createdOn(String instant) {
        return new Customer("alice", "h", "k", "Basic", null, CustomerStatus.ACTIVE, null, null, List.of(), null,
                Instant.parse(instant));
    }

    @Test
    void should_change_calendar_period_exactly_at_midnight_of_the_first_in_utc() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:59:59Z"));
        QuotaPeriods periods = new QuotaPeriods(false, ZoneOffset.UTC, clock);
        BillingPeriod november = periods.current(null);
        assertThat(november.key()).isEqualTo("2026-11");
        clock.advance(Duration.ofSeconds(1));
        BillingPeriod december = periods.current(null);
        assertThat(december.key()).isEqualTo("2026-12");
        assertThat(december.start()).isEqualTo(november.end()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void should_start_the_month_in_the_configured_time_zone() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:30:00Z"));
        QuotaPeriods berlin = new QuotaPeriods(false, ZoneId.of("Europe/Berlin"), clock);
        assertThat(berlin.current(null).key()).isEqualTo("2026-12"); // 00:30 on Dec 1st in Berlin
        assertThat(berlin.current(null).start()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    }

    @Test
    void should_anchor_on_the_creation_day_and_clamp_it_in_short_months() {
        MutableClock clock = new MutableClock(Instant.parse("2028-02-28T12:00:00Z"));
        QuotaPeriods anchored = new QuotaPeriods(true, ZoneOffset.UTC, clock);
        Customer c = createdOn("2027-12-31T10:00:00Z");
        BillingPeriod p = anchored.current(c);
        assertThat(p.key()).isEqualTo("2028-01");
        assertThat(p.end()).isEqualTo(Instant.parse("2028-02-29T00:00:00Z")); // leap year
        clock.advance(Duration.ofHours(12));
        assertThat(anchored.current(c).key()).isEqualTo("2028-02");
        assertThat(anchored.current(c).end()).isEqualTo(Instant.parse("2028-03-31T00:00:00Z"));
    }

    @Test
    void should_use_the_calendar_month_in_anchored_mode_for_an_unknown_customer() {
        QuotaPeriods anchored = new QuotaPeriods(true, ZoneOffset.UTC,
                new MutableClock(Instant.parse("2026-11-15T00:00:00Z")));
        assertThat(anchored.current(null).start()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }
}
