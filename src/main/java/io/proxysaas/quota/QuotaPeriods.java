package io.proxysaas.quota;

import io.proxysaas.config.Settings;
import io.proxysaas.customer.Customer;
import io.proxysaas.limits.BillingPeriod;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

/**
 * A customer's billing period (SPEC §4): the calendar month in {@code quota.time-zone}, or with
 * {@code quota.period-mode=anchored} the month starting on the day of the month the customer was created.
 */
public final class QuotaPeriods {

    private final boolean anchored;
    private final ZoneId zone;
    private final Clock clock;

    public QuotaPeriods(boolean anchored, ZoneId zone, Clock clock) {
        this.anchored = anchored;
        this.zone = zone;
        this.clock = clock;
    }

    static QuotaPeriods from(Settings settings, Clock clock) {
        String mode = settings.string("quota.period-mode", "calendar").toLowerCase(Locale.ROOT);
        if (!mode.equals("calendar") && !mode.equals("anchored")) {
            throw new Settings.ConfigException("quota.period-mode", mode, "expected calendar or anchored");
        }
        String zoneText = settings.string("quota.time-zone", "UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (java.time.DateTimeException e) {
            throw new Settings.ConfigException("quota.time-zone", zoneText, "expected a time zone like UTC or Europe/Berlin");
        }
        return new QuotaPeriods(mode.equals("anchored"), zone, clock);
    }

    public BillingPeriod of(Customer customer, Instant now) {
        if (anchored && customer != null && customer.createdAt() != null) {
            return BillingPeriod.anchored(now, zone, customer.createdAt().atZone(zone).getDayOfMonth());
        }
        return BillingPeriod.calendarMonth(now, zone);
    }

    public BillingPeriod current(Customer customer) {
        return of(customer, clock.instant());
    }

    Clock clock() {
        return clock;
    }
}
