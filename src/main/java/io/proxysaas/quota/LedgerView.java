package io.proxysaas.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's copy of the ledger lines it heard of (lease answers and the cluster-wide entry
 * listener), so admission asks "is the quota used up?" from local memory.
 */
final class LedgerView {

    private final Map<String, LedgerEntry> lines = new ConcurrentHashMap<>();

    void update(String username, LedgerEntry line) {
        if (line == null) {
            lines.remove(username);
        } else {
            lines.merge(username, line, LedgerView::newer);
        }
    }

    void clear() {
        lines.clear();
    }

    /** Nothing left to lease for the period that contains {@code nowMillis}, under {@code quota}. */
    boolean exhausted(String username, long quota, long nowMillis) {
        LedgerEntry line = lines.get(username);
        return quota > 0 && line != null && nowMillis < line.periodEndMillis() && line.leased() >= quota;
    }

    /** Bytes leased in the period that contains {@code nowMillis} (0 when unknown or stale). */
    long leased(String username, long nowMillis) {
        LedgerEntry line = lines.get(username);
        return line == null || nowMillis >= line.periodEndMillis() ? 0 : line.leased();
    }

    /** Listener events and lease answers may cross: a later period wins, else the latest write. */
    private static LedgerEntry newer(LedgerEntry old, LedgerEntry fresh) {
        return LedgerEntry.isBefore(fresh.period(), old.period()) ? old : fresh;
    }
}
