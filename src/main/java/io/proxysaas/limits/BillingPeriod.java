package io.proxysaas.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A billing month: either the calendar month in a time zone, or the month that starts on the
 * customer's anchor day (e.g. the 31st: in February the period starts on the 28th/29th).
 *
 * @param key   {@code YYYY-MM} of the month the period starts in (billing export key)
 * @param start inclusive
 * @param end   exclusive
 */
public record BillingPeriod(String key, Instant start, Instant end) {

    /** The calendar month containing {@code now} in {@code zone}. */
    public static BillingPeriod calendarMonth(Instant now, ZoneId zone) {
        return anchored(now, zone, 1);
    }

    /** The period containing {@code now} whose months start on {@code anchorDay} (1-31), in {@code zone}. */
    public static BillingPeriod anchored(Instant now, ZoneId zone, int anchorDay) {
        if (anchorDay < 1 || anchorDay > 31) {
            throw new IllegalArgumentException("anchor day must be 1-31, was " + anchorDay);
        }
        ZonedDateTime local = now.atZone(zone);
        YearMonth month = YearMonth.from(local);
        ZonedDateTime start = startOf(month, anchorDay, zone);
        if (local.isBefore(start)) {
            month = month.minusMonths(1);
            start = startOf(month, anchorDay, zone);
        }
        ZonedDateTime end = startOf(month.plusMonths(1), anchorDay, zone);
        return new BillingPeriod(month.toString(), start.toInstant(), end.toInstant());
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    private static ZonedDateTime startOf(YearMonth month, int anchorDay, ZoneId zone) {
        LocalDate day = month.atDay(Math.min(anchorDay, month.lengthOfMonth()));
        return day.atStartOfDay(zone);
    }
}
