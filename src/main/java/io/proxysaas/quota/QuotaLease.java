package io.proxysaas.quota;

import io.proxysaas.limits.BillingPeriod;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node may still relay for one customer in one period: the unspent part of the slices the
 * ledger granted here, and which ledger line ({@link LedgerEntry.LineVersion}) they came from, so that
 * what is left can go back to that line. Shared by all of the customer's sockets on this node; one
 * ledger request at a time.
 */
final class QuotaLease {

    /** Bytes taken out of a lease to give back to the line they were leased from. */
    record Unspent(LedgerEntry.LineVersion from, long bytes) {
    }

    private final BillingPeriod period;
    private final long periodEndMillis;
    private final AtomicLong remaining = new AtomicLong();
    private CompletableFuture<Boolean> inflight;
    private LedgerEntry.LineVersion version;
    private volatile boolean askedLedger;
    private volatile boolean denied;
    private volatile long lastClosedNanos = System.nanoTime();

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

    /**
     * Adds what line {@code from} granted; a grant of nothing means the rest here cannot cover a chunk
     * any more. Bytes that must go back instead are returned: what was left from an older line when
     * {@code from} is newer (the line started again: those bytes count no more), or the grant itself
     * when it comes from a line older than the one this lease already follows.
     */
    synchronized Unspent granted(LedgerEntry.LineVersion from, long bytes) {
        Unspent back = null;
        if (version != null && version.isNewerThan(from)) {
            back = new Unspent(from, bytes);
        } else {
            if (version != null && from.isNewerThan(version)) {
                back = new Unspent(version, remaining.getAndSet(0));
            }
            version = from;
            remaining.addAndGet(bytes);
        }
        denied = bytes <= 0;
        return back == null || back.bytes() <= 0 ? null : back;
    }

    /** The ledger line moved on (heard from another node): what is left here is taken out; null when nothing changes. */
    synchronized Unspent lineMoved(LedgerEntry.LineVersion now) {
        if (version == null || !now.isNewerThan(version)) {
            return null;
        }
        Unspent back = new Unspent(version, remaining.getAndSet(0));
        version = now;
        return back.bytes() > 0 ? back : null;
    }

    /** Takes out everything not spent, to give it back to the ledger; null when nothing is left. */
    synchronized Unspent takeUnspent() {
        long left = remaining.getAndSet(0);
        return left > 0 ? new Unspent(version, left) : null;
    }

    /** Puts back bytes that could not be returned (the ledger did not answer), if the line is still the same. */
    synchronized boolean restore(Unspent unspent) {
        if (!unspent.from().equals(version)) {
            return false;
        }
        remaining.addAndGet(unspent.bytes());
        return true;
    }

    /** Nothing left to relay: spent, or the last request was refused with only a crumb left. */
    boolean spent() {
        return denied || remaining.get() <= 0;
    }

    long remaining() {
        return remaining.get();
    }

    /** A socket of this customer closed here (the return waits for a quiet linger after the last one). */
    void socketClosed() {
        lastClosedNanos = System.nanoTime();
    }

    long nanosSinceLastClose() {
        return System.nanoTime() - lastClosedNanos;
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

    synchronized boolean requesting() {
        return inflight != null;
    }

    boolean askedLedger() {
        return askedLedger;
    }

    void markAsked() {
        askedLedger = true;
    }
}
