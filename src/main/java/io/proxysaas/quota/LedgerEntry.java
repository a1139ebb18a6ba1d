package io.proxysaas.quota;

import java.io.Serializable;

/**
 * One customer's line in the cluster ledger ({@code quota_ledger}): bytes handed out to nodes in the
 * current period. A period rolled over by a lease request keeps the finished one in {@code previous*}
 * until the leader's reset job archived it.
 *
 * @param periodEndMillis end of {@code period} (exclusive), so a reader can tell a stale line without a calendar
 */
public record LedgerEntry(String period, long periodEndMillis, long quota, long leased,
                          String previousPeriod, long previousLeased, long previousQuota) implements Serializable {

    static LedgerEntry fresh(String period, long periodEndMillis, long quota, long leased) {
        return new LedgerEntry(period, periodEndMillis, quota, Math.max(0, leased), null, 0, 0);
    }

    /** Starts {@code newPeriod}, keeping this period for the archive (unless an older one is still waiting). */
    LedgerEntry rollTo(String newPeriod, long newEndMillis, long newQuota, long startLeased) {
        boolean keepOlder = previousPeriod != null;
        return new LedgerEntry(newPeriod, newEndMillis, newQuota, Math.max(0, startLeased),
                keepOlder ? previousPeriod : period, keepOlder ? previousLeased : leased,
                keepOlder ? previousQuota : quota);
    }

    LedgerEntry withLeased(long newLeased, long newQuota) {
        return new LedgerEntry(period, periodEndMillis, newQuota, newLeased, previousPeriod, previousLeased, previousQuota);
    }

    LedgerEntry withoutPrevious() {
        return new LedgerEntry(period, periodEndMillis, quota, leased, null, 0, 0);
    }

    boolean exhausted() {
        return quota > 0 && leased >= quota;
    }

    /** Period keys are {@code YYYY-MM}: text order is time order. */
    static boolean isBefore(String a, String b) {
        return a.compareTo(b) < 0;
    }
}
