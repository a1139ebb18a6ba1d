package io.proxysaas.limits;

import java.time.Duration;
import java.time.Instant;

/**
 * The strike rule of SPEC §4 for one customer: live sockets continuously above {@code threads}
 * for the grace period -> kick and lock out; dropping to or below the limit resets the clock.
 * Pure: the sweep feeds it observations with their time.
 */
public final class StrikeClock {

    /** What an observation changed. */
    public enum Outcome { NONE, STRIKE_STARTED, STRIKE_RESET, KICK }

    private final Duration grace;
    private Instant overSince;

    public StrikeClock(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        this.grace = grace;
    }

    /** Restores a clock that was running (e.g. from the cluster map after a failover). */
    public StrikeClock(Duration grace, Instant overSince) {
        this(grace);
        this.overSince = overSince;
    }

    /**
     * @param live  cluster-wide live sockets now
     * @param limit the plan's {@code threads} (0 = unlimited: never strikes)
     */
    public Outcome observe(long live, long limit, Instant now) {
        boolean over = limit > 0 && live > limit;
        if (!over) {
            if (overSince == null) {
                return Outcome.NONE;
            }
            overSince = null;
            return Outcome.STRIKE_RESET;
        }
        if (overSince == null) {
            overSince = now;
            return grace.isZero() ? kick() : Outcome.STRIKE_STARTED;
        }
        if (Duration.between(overSince, now).compareTo(grace) >= 0) {
            return kick();
        }
        return Outcome.NONE;
    }

    /** When the customer went above the limit, or null when not striking. */
    public Instant overSince() {
        return overSince;
    }

    private Outcome kick() {
        overSince = null;
        return Outcome.KICK;
    }
}
