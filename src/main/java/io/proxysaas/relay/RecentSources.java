package io.proxysaas.relay;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The client addresses admitted on this node lately, so that a new socket from one of them may have
 * its upstream connection started before its own request is read (a customer's next socket usually
 * comes from where its last one did; a stranger's socket opens nothing upstream before it is
 * admitted). A fixed table of admission times indexed by a hash of the address: no lock, no
 * allocation, bounded memory; two addresses sharing a slot only cost a needless early connect.
 */
final class RecentSources {

    private final AtomicLongArray admittedAt;
    private final int mask;
    private final long windowNanos;

    /** @param slots rounded up to a power of two; window zero or negative: nothing is ever recent */
    RecentSources(int slots, Duration window) {
        int size = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
        this.admittedAt = new AtomicLongArray(size);
        this.mask = size - 1;
        this.windowNanos = window.isNegative() ? 0 : window.toNanos();
    }

    void admitted(InetAddress address, long nowNanos) {
        if (address != null && windowNanos > 0) {
            admittedAt.lazySet(slot(address), nowNanos | 1); // odd: never the "never admitted" 0
        }
    }

    boolean recent(InetAddress address, long nowNanos) {
        if (address == null || windowNanos == 0) {
            return false;
        }
        long at = admittedAt.get(slot(address));
        return at != 0 && nowNanos - at < windowNanos && nowNanos - at >= -1;
    }

    private int slot(InetAddress address) {
        int h = address.hashCode() * 0x9E3779B9; // IPv4: the address itself; spread neighbours apart
        return (h ^ (h >>> 16)) & mask;
    }
}
