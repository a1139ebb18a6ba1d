package io.proxysaas.enforce;

import java.util.Arrays;

/**
 * The brute-force window rule (pure, times in epoch millis): the failure times of one IP count while
 * {@code now - time < window}; the {@code max}-th counting failure blocks the IP and the count starts
 * again. Used by this node's own count and by the cluster-wide count alike, so both decide the same way.
 */
final class FailureWindow {

    static final long[] NONE = new long[0];

    private FailureWindow() {
    }

    /**
     * The failures of one IP after adding {@code fresh} to {@code held}.
     *
     * @param kept    the times still counting, oldest first (none once the count was reached)
     * @param count   failures inside the window, the fresh ones included
     * @param reached whether {@code count} reached {@code max}: block the IP
     */
    record Tally(long[] kept, int count, boolean reached) {
    }

    static Tally add(long[] held, long[] fresh, long now, long windowMillis, int max) {
        long[] all = new long[held.length + fresh.length];
        int n = 0;
        for (long[] times : new long[][] {held, fresh}) {
            for (long t : times) {
                if (now - t < windowMillis) {
                    all[n++] = t;
                }
            }
        }
        if (n >= max) {
            return new Tally(NONE, n, true);
        }
        long[] kept = Arrays.copyOf(all, n);
        Arrays.sort(kept);
        return new Tally(kept, n, false);
    }

    /** The times of {@code held} still inside the window at {@code now}. */
    static long[] prune(long[] held, long now, long windowMillis) {
        return add(held, NONE, now, windowMillis, Integer.MAX_VALUE).kept();
    }

    /** The latest {@code limit} times of {@code times} plus {@code at} (a bounded list of failures not yet published). */
    static long[] append(long[] times, long at, int limit) {
        int keep = Math.min(times.length, Math.max(0, limit - 1));
        long[] out = Arrays.copyOfRange(times, times.length - keep, times.length + 1);
        out[keep] = at;
        return out;
    }
}
