package io.proxysaas.access;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Longest-prefix match of client addresses against CIDR blocks (IPv4 and IPv6), one value per
 * block. A lookup probes one hash map per prefix length in use, longest first, so its cost does
 * not grow with the number of blocks. Reads are lock-free; writes are serialized.
 */
public final class CidrTable<V> {

    private final Family<V> v4 = new Family<>(32);
    private final Family<V> v6 = new Family<>(128);

    /** Maps {@code block} to {@code value}; returns the value it replaced, or null. */
    public synchronized V put(CidrBlock block, V value) {
        return family(block).put(key(block.network(), block.prefix()), block.prefix(), value);
    }

    /** Removes {@code block}; returns whether it was present. */
    public synchronized boolean remove(CidrBlock block) {
        return family(block).remove(key(block.network(), block.prefix()), block.prefix(), null);
    }

    /** Removes {@code block} only while it still maps to {@code expected} (another owner keeps it). */
    public synchronized boolean remove(CidrBlock block, V expected) {
        return family(block).remove(key(block.network(), block.prefix()), block.prefix(), expected);
    }

    /** The value of the most specific block containing {@code address}. */
    public Optional<V> lookup(InetAddress address) {
        byte[] bytes = address.getAddress();
        Family<V> family = bytes.length == 4 ? v4 : v6;
        for (int prefix : family.active) {
            V value = family.byPrefix[prefix].get(key(bytes, prefix));
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    public int size() {
        return v4.size() + v6.size();
    }

    /** No block at all (two volatile reads; {@link #size()} counts every prefix map). */
    public boolean isEmpty() {
        return v4.active.length == 0 && v6.active.length == 0;
    }

    private Family<V> family(CidrBlock block) {
        return block.isIpv6() ? v6 : v4;
    }

    /** The address's first {@code prefix} bits as two longs (IPv4 lives in the low 32 bits of lo). */
    static Key key(byte[] address, int prefix) {
        if (address.length == 4) {
            long v = ((address[0] & 0xFFL) << 24) | ((address[1] & 0xFFL) << 16)
                    | ((address[2] & 0xFFL) << 8) | (address[3] & 0xFFL);
            return new Key(0, topBits(v << 32, prefix) >>> 32);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (address[i] & 0xFFL);
            lo = (lo << 8) | (address[i + 8] & 0xFFL);
        }
        return new Key(topBits(hi, prefix), topBits(lo, prefix - 64));
    }

    private static long topBits(long value, int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? value : value & (-1L << (64 - bits));
    }

    record Key(long hi, long lo) {
    }

    /** The blocks of one address family, one map per prefix length. */
    private static final class Family<V> {
        private final Map<Key, V>[] byPrefix;
        /** Prefix lengths that hold at least one block, longest first. */
        private volatile int[] active = new int[0];

        @SuppressWarnings("unchecked")
        Family(int bits) {
            byPrefix = new Map[bits + 1];
            for (int i = 0; i <= bits; i++) {
                byPrefix[i] = new ConcurrentHashMap<>();
            }
        }

        V put(Key key, int prefix, V value) {
            V old = byPrefix[prefix].put(key, value);
            refreshActive();
            return old;
        }

        boolean remove(Key key, int prefix, V expected) {
            boolean removed = expected == null
                    ? byPrefix[prefix].remove(key) != null
                    : byPrefix[prefix].remove(key, expected);
            refreshActive();
            return removed;
        }

        int size() {
            int n = 0;
            for (Map<Key, V> m : byPrefix) {
                n += m.size();
            }
            return n;
        }

        private void refreshActive() {
            int count = 0;
            int[] lengths = new int[byPrefix.length];
            for (int p = byPrefix.length - 1; p >= 0; p--) {
                if (!byPrefix[p].isEmpty()) {
                    lengths[count++] = p;
                }
            }
            active = java.util.Arrays.copyOf(lengths, count);
        }
    }
}
