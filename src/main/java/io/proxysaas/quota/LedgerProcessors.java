package io.proxysaas.quota;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/** The ledger's maintenance steps, each atomic on the key: reset, roll by the leader, archive done, unspent bytes returned. */
final class LedgerProcessors {

    private LedgerProcessors() {
    }

    /** Admin reset: the current period starts again from zero bytes; returns the line before. */
    static final class Reset implements EntryProcessor<String, LedgerEntry, LedgerEntry> {
        private static final long serialVersionUID = 1L;
        private final String period;
        private final long periodEndMillis;
        private final long quota;

        Reset(String period, long periodEndMillis, long quota) {
            this.period = period;
            this.periodEndMillis = periodEndMillis;
            this.quota = quota;
        }

        @Override
        public LedgerEntry process(Map.Entry<String, LedgerEntry> entry) {
            LedgerEntry before = entry.getValue();
            LedgerEntry after = before == null ? LedgerEntry.fresh(period, periodEndMillis, quota, 0)
                    : before.resetTo(period, periodEndMillis, quota);
            entry.setValue(after);
            return before;
        }
    }

    /** Leader's period reset: moves a line still in {@code from} to {@code to}, starting from zero. */
    static final class Roll implements EntryProcessor<String, LedgerEntry, Boolean> {
        private static final long serialVersionUID = 1L;
        private final String from;
        private final String to;
        private final long toEndMillis;

        Roll(String from, String to, long toEndMillis) {
            this.from = from;
            this.to = to;
            this.toEndMillis = toEndMillis;
        }

        @Override
        public Boolean process(Map.Entry<String, LedgerEntry> entry) {
            LedgerEntry e = entry.getValue();
            if (e == null || !e.period().equals(from)) {
                return false;
            }
            entry.setValue(e.restartIn(to, toEndMillis));
            return true;
        }
    }

    /** The finished period kept by a lease-time roll has been archived: forget it. */
    static final class ForgetPrevious implements EntryProcessor<String, LedgerEntry, Boolean> {
        private static final long serialVersionUID = 1L;
        private final String previous;

        ForgetPrevious(String previous) {
            this.previous = previous;
        }

        @Override
        public Boolean process(Map.Entry<String, LedgerEntry> entry) {
            LedgerEntry e = entry.getValue();
            if (e == null || !previous.equals(e.previousPeriod())) {
                return false;
            }
            entry.setValue(e.withoutPrevious());
            return true;
        }
    }

    /**
     * A node gives back bytes it leased from {@code from} and did not spend. They are credited only to
     * that very line: the current one, or the finished period still waiting for the archive; a line that
     * started again since (new period, admin reset) gets nothing, so an old lease never adds to a new
     * period. Returns the bytes credited.
     */
    static final class GiveBack implements EntryProcessor<String, LedgerEntry, Long> {
        private static final long serialVersionUID = 1L;
        // package-private: QuotaWireFormats writes them
        final LedgerEntry.LineVersion from;
        final long bytes;

        GiveBack(LedgerEntry.LineVersion from, long bytes) {
            this.from = from;
            this.bytes = bytes;
        }

        @Override
        public Long process(Map.Entry<String, LedgerEntry> entry) {
            LedgerEntry e = entry.getValue();
            if (e == null || bytes <= 0) {
                return 0L;
            }
            if (from.equals(e.version())) {
                long credit = Math.min(bytes, e.leased());
                entry.setValue(e.withLeased(e.leased() - credit, e.quota()));
                return credit;
            }
            if (from.equals(e.previousVersion())) {
                long credit = Math.min(bytes, e.previousLeased());
                entry.setValue(e.withPreviousLeased(e.previousLeased() - credit));
                return credit;
            }
            return 0L;
        }
    }
}
