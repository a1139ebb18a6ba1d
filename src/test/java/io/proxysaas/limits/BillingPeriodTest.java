package io.proxysaas.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BillingPeriodTest {

    @Test
    void should_cover_the_calendar_month_up_to_its_last_instant() {
        BillingPeriod p = BillingPeriod.calendarMonth(Instant.parse("2026-01-31T23:59:59.999Z"), ZoneOffset.UTC);
        assertThat(p.key()).isEqualTo("2026-01");
        assertThat(p.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(p.end()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(p.contains(p.end())).isFalse();
        assertThat(BillingPeriod.calendarMonth(p.end(), ZoneOffset.UTC).key()).isEqualTo("2026-02");
    }

    @Test
    void should_follow_the_configured_time_zone() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        // 2026-02-28T16:00Z is already 1 March in Tokyo
        BillingPeriod p = BillingPeriod.calendarMonth(Instant.parse("2026-02-28T16:00:00Z"), tokyo);
        assertThat(p.key()).isEqualTo("2026-03");
        assertThat(p.start()).isEqualTo(Instant.parse("2026-02-28T15:00:00Z"));
    }

    @Test
    void should_clamp_an_anchor_day_to_short_months_and_leap_years() {
        BillingPeriod feb = BillingPeriod.anchored(Instant.parse("2028-03-01T00:00:00Z"), ZoneOffset.UTC, 31);
        assertThat(feb.key()).isEqualTo("2028-02");
        assertThat(feb.start()).isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
        assertThat(feb.end()).isEqualTo(Instant.parse("2028-03-31T00:00:00Z"));
        BillingPeriod jan = BillingPeriod.anchored(Instant.parse("2027-02-27T12:00:00Z"), ZoneOffset.UTC, 31);
        assertThat(jan.key()).isEqualTo("2027-01");
        assertThat(jan.end()).isEqualTo(Instant.parse("2027-02-28T00:00:00Z"));
    }

    @Test
    void should_start_anchored_periods_on_the_anchor_day() {
        BillingPeriod p = BillingPeriod.anchored(Instant.parse("2026-05-14T23:00:00Z"), ZoneOffset.UTC, 15);
        assertThat(p.key()).isEqualTo("2026-04");
        assertThat(p.start()).isEqualTo(Instant.parse("2026-04-15T00:00:00Z"));
        assertThat(p.end()).isEqualTo(Instant.parse("2026-05-15T00:00:00Z"));
        assertThatThrownBy(() -> BillingPeriod.anchored(Instant.EPOCH, ZoneOffset.UTC, 32)).hasMessageContaining("1-31");
    }
}
