package io.proxysaas.quota;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Grants one slice of a customer's quota atomically on the ledger's owner partition: creates the line
 * from the bytes already used ({@code initialUsed}, -1 = unknown, start at 0), rolls it into a newer
 * period, takes the plan's current quota, and hands out min(want, quota - leased).
 */
final class LeaseProcessor implements EntryProcessor<String, LedgerEntry, LeaseResult> {

    private static final long serialVersionUID = 1L;

    // package-private: QuotaWireFormats writes them
    final String period;
    final long periodEndMillis;
    final long quota;
    final long want;
    final long initialUsed;

    LeaseProcessor(String period, long periodEndMillis, long quota, long want, long initialUsed) {
        this.period = period;
        this.periodEndMillis = periodEndMillis;
        this.quota = quota;
        this.want = want;
        this.initialUsed = initialUsed;
    }

    @Override
    public LeaseResult process(Map.Entry<String, LedgerEntry> entry) {
        LedgerEntry line = apply(entry.getValue());
        long granted = LeaseArithmetic.grant(quota, line.leased(), want);
        LedgerEntry after = line.withLeased(line.leased() + granted, quota);
        entry.setValue(after);
        return new LeaseResult(granted, after);
    }

    /** The line this request leases from: a new one, a rolled one, or as it is (a stale requester uses the newer period). */
    LedgerEntry apply(LedgerEntry current) {
        long start = Math.max(0, initialUsed);
        if (current == null) {
            return LedgerEntry.fresh(period, periodEndMillis, quota, start);
        }
        if (LedgerEntry.isBefore(current.period(), period)) {
            return current.rollTo(period, periodEndMillis, quota, start);
        }
        return current;
    }
}
