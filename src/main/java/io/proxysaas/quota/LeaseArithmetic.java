package io.proxysaas.quota;

/**
 * The grant rule of the quota ledger: never more than what is left of the quota, never negative.
 * Far from the end of the quota a grant grows to 1/{@value #FAR_SHARE} of what is left (at most
 * {@value #MAX_GRANT} bytes), so a bulk transfer asks the cluster rarely (a 256 KiB slice per ask
 * cost six times the CPU of an unlimited plan per GiB); near the end grants shrink to the slice, so
 * the leased-but-unspent part that can cut a customer early stays small. Leases never let traffic
 * exceed the quota: every relayed byte was leased first.
 */
public final class LeaseArithmetic {

    /** Largest single grant (64 MiB). */
    public static final long MAX_GRANT = 64L * 1024 * 1024;
    /** A grant may take this fraction of what is left of the quota. */
    public static final long FAR_SHARE = 64;

    private LeaseArithmetic() {
    }

    /** Bytes to grant for a request of {@code want} when {@code leased} of {@code quota} are already handed out. */
    public static long grant(long quota, long leased, long want) {
        if (quota <= 0 || want <= 0) {
            return 0;
        }
        long left = quota - leased;
        long far = Math.min(MAX_GRANT, left / FAR_SHARE);
        return Math.max(0, Math.min(Math.max(want, far), left));
    }

    /** The size of one request: a slice, or the chunk in hand when that is bigger. */
    public static long want(long sliceBytes, long needed) {
        return Math.max(sliceBytes, needed);
    }
}
