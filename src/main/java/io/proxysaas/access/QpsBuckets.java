package io.proxysaas.access;

import io.proxysaas.limits.TokenBucket;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (a customer, or a customer and client IP), created on first use with the
 * plan's rate and replaced when that rate changes. A bucket idle for a second is full again, as a
 * new one would be, so idle buckets are dropped ({@link #evictIdle}) and the map stays as small as
 * the set of recently active keys; past {@code maxEntries} the eviction also runs inline.
 */
final class QpsBuckets<K> {

    /** A bucket left alone this long has refilled completely (burst = rate, refill = rate per second). */
    static final long IDLE_MILLIS = 1_000;

    private final Clock clock;
    private final int maxEntries;
    private final ConcurrentHashMap<K, Entry> buckets = new ConcurrentHashMap<>();
    private volatile long lastInlineEviction;

    QpsBuckets(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** Takes a token from {@code key}'s bucket of {@code rate} per second; true when there was one. */
    boolean tryTake(K key, int rate) {
        long now = clock.millis();
        Entry e = buckets.get(key);
        if (e == null || e.bucket.ratePerSecond() != rate) {
            Entry fresh = new Entry(new TokenBucket(clock, rate));
            Entry seen = e;
            e = buckets.compute(key, (k, old) -> old == null || old == seen || old.bucket.ratePerSecond() != rate
                    ? fresh : old);
            if (buckets.size() > maxEntries && now - lastInlineEviction >= IDLE_MILLIS) {
                lastInlineEviction = now;
                evictIdle();
            }
        }
        e.lastUsed = now;
        return e.bucket.tryTake();
    }

    /** Drops every bucket unused for {@link #IDLE_MILLIS}; returns how many went. */
    int evictIdle() {
        long cutoff = clock.millis() - IDLE_MILLIS;
        int[] removed = {0};
        buckets.forEach((key, e) -> {
            if (e.lastUsed <= cutoff && buckets.remove(key, e)) {
                removed[0]++;
            }
        });
        return removed[0];
    }

    int size() {
        return buckets.size();
    }

    private static final class Entry {
        final TokenBucket bucket;
        volatile long lastUsed;

        Entry(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }
}
