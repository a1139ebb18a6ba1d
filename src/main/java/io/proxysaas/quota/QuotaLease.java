package io.proxysaas.quota;

import io.proxysaas.limits.BillingPeriod;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node may still relay for one customer in one period: the unspent part of the slices the
 * ledger granted here. Shared by all of the customer's sockets on this node; one ledger request at a time.
 */
final class QuotaLease {

    private final BillingPeriod period;
    private final long periodEndMillis;
    private final AtomicLong remaining = new AtomicLong();
    private CompletableFuture<Boolean> inflight;
    private volatile boolean askedLedger;
    private volatile boolean denied;

    QuotaLease(BillingPeriod period) {
        this.period = period;
        this.periodEndMillis = period.end().toEpochMilli();
    }

    BillingPeriod period() {
        return period;
    }

    boolean covers(long nowMillis) {
        return nowMillis < periodEndMillis;
    }

    /** Takes {@code bytes} if they are all there; otherwise takes nothing. */
    boolean take(long bytes) {
        long left;
        do {
            left = remaining.get();
            if (left < bytes) {
                return false;
            }
        } while (!remaining.compareAndSet(left, left - bytes));
        return true;
    }

    /** Adds what the ledger granted; a grant of nothing means the rest here cannot cover a chunk any more. */
    void granted(long bytes) {
        remaining.addAndGet(bytes);
        denied = bytes <= 0;
    }

    /** Nothing left to relay: spent, or the last request was refused with only a crumb left. */
    boolean spent() {
        return denied || remaining.get() <= 0;
    }

    long remaining() {
        return remaining.get();
    }

    /** Makes {@code mine} the one ledger request in flight, unless one runs already: returns the one to wait on. */
    synchronized CompletableFuture<Boolean> startRequest(CompletableFuture<Boolean> mine) {
        if (inflight != null) {
            return inflight;
        }
        inflight = mine;
        return mine;
    }

    synchronized void requestDone() {
        inflight = null;
    }

    boolean askedLedger() {
        return askedLedger;
    }

    void markAsked() {
        askedLedger = true;
    }
}
