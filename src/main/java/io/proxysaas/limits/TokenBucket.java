package io.proxysaas.limits;

import java.time.Clock;

/**
 * A token bucket for "new connections per second": {@code rate} tokens per second, burst =
 * {@code rate}. Pure and allocation-free per call; tokens are kept in millionths so slow rates
 * refill smoothly with a millisecond clock.
 */
public final class TokenBucket {

    private static final long SCALE = 1_000_000L;

    private final Clock clock;
    private final long ratePerSecond;
    private final long capacity;
    private long tokens;
    private long lastRefillMillis;

    public TokenBucket(Clock clock, long ratePerSecond) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
        }
        this.clock = clock;
        this.ratePerSecond = ratePerSecond;
        this.capacity = ratePerSecond * SCALE;
        this.tokens = capacity;
        this.lastRefillMillis = clock.millis();
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake() {
        refill();
        if (tokens >= SCALE) {
            tokens -= SCALE;
            return true;
        }
        return false;
    }

    /** Milliseconds until the next token is available (0 when one is available now); for Retry-After. */
    public synchronized long millisUntilNextToken() {
        refill();
        if (tokens >= SCALE) {
            return 0;
        }
        long missing = SCALE - tokens;
        long perMilli = ratePerSecond * SCALE / 1000;
        return perMilli == 0 ? 1000 : (missing + perMilli - 1) / perMilli;
    }

    public long ratePerSecond() {
        return ratePerSecond;
    }

    private void refill() {
        long now = clock.millis();
        long elapsed = now - lastRefillMillis;
        if (elapsed <= 0) {
            return;
        }
        lastRefillMillis = now;
        // rate * SCALE / 1000 per millisecond; cap elapsed so the product cannot overflow
        long add = Math.min(elapsed, 3_600_000L) * ratePerSecond * (SCALE / 1000);
        tokens = Math.min(capacity, tokens + add);
    }
}
