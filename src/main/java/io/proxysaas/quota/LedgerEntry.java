package io.proxysaas.quota;

import java.io.Serializable;

/**
 * One customer's line in the cluster ledger ({@code quota_ledger}): bytes handed out to nodes in the
 * current period and not returned. A period rolled over by a lease request keeps the finished one in
 * {@code previous*} until the leader's reset job archived it. {@code generation} grows by one each time
 * the line starts again (new period, admin reset), so a node's lease knows which line its bytes came
 * from ({@link #version()}) and a late return never credits a line that started again since.
 *
 * @param periodEndMillis end of {@code period} (exclusive), so a reader can tell a stale line without a calendar
 */
public record LedgerEntry(String period, long periodEndMillis, long quota, long leased, long generation,
                          String previousPeriod, long previousLeased, long previousQuota, long previousGeneration)
        implements Serializable {

    static LedgerEntry fresh(String period, long periodEndMillis, long quota, long leased) {
        return new LedgerEntry(period, periodEndMillis, quota, Math.max(0, leased), 1, null, 0, 0, 0);
    }

    /** Starts {@code newPeriod}, keeping this period for the archive (unless an older one is still waiting). */
    LedgerEntry rollTo(String newPeriod, long newEndMillis, long newQuota, long startLeased) {
        boolean keepOlder = previousPeriod != null;
        return new LedgerEntry(newPeriod, newEndMillis, newQuota, Math.max(0, startLeased), generation + 1,
                keepOlder ? previousPeriod : period, keepOlder ? previousLeased : leased,
                keepOlder ? previousQuota : quota, keepOlder ? previousGeneration : generation);
    }

    /** Starts {@code newPeriod} from zero, dropping this one (it has been archived). */
    LedgerEntry restartIn(String newPeriod, long newEndMillis) {
        return new LedgerEntry(newPeriod, newEndMillis, quota, 0, generation + 1, null, 0, 0, 0);
    }

    /** The current period starts again from zero bytes (admin reset); a finished period still waiting is kept. */
    LedgerEntry resetTo(String newPeriod, long newEndMillis, long newQuota) {
        return new LedgerEntry(newPeriod, newEndMillis, newQuota, 0, generation + 1, previousPeriod, previousLeased,
                previousQuota, previousGeneration);
    }

    LedgerEntry withLeased(long newLeased, long newQuota) {
        return new LedgerEntry(period, periodEndMillis, newQuota, newLeased, generation, previousPeriod, previousLeased,
                previousQuota, previousGeneration);
    }

    LedgerEntry withPreviousLeased(long newPreviousLeased) {
        return new LedgerEntry(period, periodEndMillis, quota, leased, generation, previousPeriod, newPreviousLeased,
                previousQuota, previousGeneration);
    }

    LedgerEntry withoutPrevious() {
        return new LedgerEntry(period, periodEndMillis, quota, leased, generation, null, 0, 0, 0);
    }

    /** Which line (period and generation) the current period's bytes are leased from. */
    LineVersion version() {
        return new LineVersion(period, generation);
    }

    /** The finished period still waiting for the archive, or null. */
    LineVersion previousVersion() {
        return previousPeriod == null ? null : new LineVersion(previousPeriod, previousGeneration);
    }

    boolean exhausted() {
        return quota > 0 && leased >= quota;
    }

    /** Period keys are {@code YYYY-MM}: text order is time order. */
    static boolean isBefore(String a, String b) {
        return a.compareTo(b) < 0;
    }

    /** A ledger line as it was when it granted some bytes: its period and generation. */
    record LineVersion(String period, long generation) implements Serializable {

        /** A later period, or the same period started again (admin reset). */
        boolean isNewerThan(LineVersion other) {
            return other == null || isBefore(other.period, period)
                    || period.equals(other.period) && generation > other.generation;
        }
    }
}
