package io.proxysaas.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bytes-per-second budget kept as a virtual clock: each charge moves "free again at" forward by
 * bytes / rate, and the caller waits until then before reading more. One socket's budget is charged
 * from its event loop; a customer's budget is shared by all their sockets (several event loops),
 * so the clock advances by compare-and-set. Idle time is not banked (no burst above the rate after
 * a pause); only a reader that was held back and woke late may count from when it was due, so a
 * busy event loop does not cost it throughput.
 */
final class BandwidthBudget {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

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

    /** Charges {@code bytes} at {@code nowNanos} ({@link System#nanoTime()}) for a reader that was not held back. */
    long charge(long bytes, long nowNanos) {
        return charge(bytes, nowNanos, nowNanos);
    }

    /**
     * @param dueNanos when this reader was due to go on after its last wait ({@code <= nowNanos}); the
     *                 budget counts from then if it has been free since, else from where it stands
     * @return nanoseconds from now until the budget has paid for these bytes (0 when already paid)
     */
    long charge(long bytes, long nowNanos, long dueNanos) {
        long cost = (long) (bytes * (double) NANOS_PER_SECOND / bytesPerSecond);
        long from = Math.min(dueNanos, nowNanos);
        while (true) {
            long prev = freeAt.get();
            long start = prev == Long.MIN_VALUE || prev - from < 0 ? from : prev;
            long next = start + cost;
            if (freeAt.compareAndSet(prev, next)) {
                return Math.max(0, next - nowNanos);
            }
        }
    }
}
