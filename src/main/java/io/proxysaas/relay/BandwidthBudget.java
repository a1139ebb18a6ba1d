package io.proxysaas.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bytes-per-second budget kept as a virtual clock: each charge moves "free again at" forward by
 * bytes / rate, and the caller waits until then before reading more. One socket's budget is charged
 * from its event loop; a customer's budget is shared by all their sockets (several event loops),
 * so the clock advances by compare-and-set. Up to {@link #SLACK_NANOS} of lateness is banked (a
 * reader woken a few milliseconds late by a busy event loop does not lose throughput for good); longer
 * idle time is not, so a burst above the rate is at most that slack's worth of bytes.
 */
final class BandwidthBudget {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final long SLACK_NANOS = 100_000_000L;

    private final AtomicLong freeAt = new AtomicLong(Long.MIN_VALUE);
    private volatile long bytesPerSecond;

    BandwidthBudget(long bytesPerSecond) {
        rate(bytesPerSecond);
    }

    /** Changes the rate for the bytes charged from now on (a plan edit while sockets are open). */
    void rate(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth must be positive, was " + bytesPerSecond + " bytes/s");
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    long rate() {
        return bytesPerSecond;
    }

    /**
     * Charges {@code bytes} at {@code nowNanos} ({@link System#nanoTime()}).
     *
     * @return nanoseconds from now until the budget has paid for them (0 when already paid)
     */
    long charge(long bytes, long nowNanos) {
        long cost = (long) (bytes * (double) NANOS_PER_SECOND / bytesPerSecond);
        while (true) {
            long prev = freeAt.get();
            long start = prev == Long.MIN_VALUE ? nowNanos : prev - (nowNanos - SLACK_NANOS) < 0 ? nowNanos - SLACK_NANOS : prev;
            long next = start + cost;
            if (freeAt.compareAndSet(prev, next)) {
                return Math.max(0, next - nowNanos);
            }
        }
    }
}
