package io.proxysaas.quota;

/** The grant rule of the quota ledger: never more than what is left of the quota, never negative. */
public final class LeaseArithmetic {

    private LeaseArithmetic() {
    }

    /** Bytes to grant for a request of {@code want} when {@code leased} of {@code quota} are already handed out. */
    public static long grant(long quota, long leased, long want) {
        if (quota <= 0 || want <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(want, quota - leased));
    }

    /** The size of one request: a slice, or the chunk in hand when that is bigger. */
    public static long want(long sliceBytes, long needed) {
        return Math.max(sliceBytes, needed);
    }
}
