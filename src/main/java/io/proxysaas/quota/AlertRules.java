package io.proxysaas.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a customer is due an alert (SPEC §4): 80 % and 100 % of the quota in a billing period, and
 * 7 days / 1 day before {@code expires_at}. Pure: whether it was already sent is the caller's memory,
 * keyed by {@link Alert#key()} (the period, or the expiry instant so an extension re-arms it).
 */
public final class AlertRules {

    public static final String QUOTA_80 = "quota_80";
    public static final String QUOTA_100 = "quota_100";
    public static final String EXPIRY_7D = "expiry_7d";
    public static final String EXPIRY_1D = "expiry_1d";

    private AlertRules() {
    }

    /** One alert due: {@code type} as in the webhook JSON, {@code key} what makes it "the same alert". */
    public record Alert(String type, String username, String key, String detail) {
    }

    public static List<Alert> due(String username, long quotaBytes, long usedBytes, String period,
                                  Instant expiresAt, Instant now) {
        List<Alert> due = new ArrayList<>(2);
        if (quotaBytes > 0) {
            String usage = usedBytes + " of " + quotaBytes + " bytes used in period " + period;
            if (usedBytes * 10 >= quotaBytes * 8) {
                due.add(new Alert(QUOTA_80, username, period, usage));
            }
            if (usedBytes >= quotaBytes) {
                due.add(new Alert(QUOTA_100, username, period, usage));
            }
        }
        if (expiresAt != null && now.isBefore(expiresAt)) {
            Duration left = Duration.between(now, expiresAt);
            String expiry = "expires at " + expiresAt;
            if (left.compareTo(Duration.ofDays(7)) <= 0) {
                due.add(new Alert(EXPIRY_7D, username, expiresAt.toString(), expiry));
            }
            if (left.compareTo(Duration.ofDays(1)) <= 0) {
                due.add(new Alert(EXPIRY_1D, username, expiresAt.toString(), expiry));
            }
        }
        return due;
    }
}
