package io.proxysaas.enforce;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's own failed authentications per client IP in a sliding window ({@link FailureWindow},
 * injected clock): {@link #failed} says when this node alone saw {@code maxFailures} inside
 * {@code window}. The cluster-wide count is {@link ClusterFailures}'; memory stays bounded because
 * stale IPs are dropped once the table grows past {@code maxTracked}.
 */
final class FailureCounter {

    private final int maxFailures;
    private final long windowMillis;
    private final int maxTracked;
    private final Clock clock;
    private final Map<String, long[]> failures = new ConcurrentHashMap<>();

    FailureCounter(int maxFailures, Duration window, int maxTracked, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("bruteforce.max-failures must be at least 1, got " + maxFailures);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("bruteforce.window must be positive, got " + window);
        }
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.maxTracked = maxTracked;
        this.clock = clock;
    }

    /** Counts one failure at the clock's time; reached when it is the {@code maxFailures}-th inside the window (the count restarts). */
    FailureWindow.Tally failed(String ip) {
        long now = clock.millis();
        if (failures.size() >= maxTracked) {
            prune(now);
        }
        FailureWindow.Tally[] tally = new FailureWindow.Tally[1];
        failures.compute(ip, (k, times) -> {
            tally[0] = FailureWindow.add(times == null ? FailureWindow.NONE : times, new long[] {now}, now,
                    windowMillis, maxFailures);
            return tally[0].kept().length == 0 ? null : tally[0].kept();
        });
        return tally[0];
    }

    /** Failures of {@code ip} still inside the window. */
    int count(String ip) {
        long[] times = failures.get(ip);
        return times == null ? 0 : FailureWindow.prune(times, clock.millis(), windowMillis).length;
    }

    void forget(String ip) {
        failures.remove(ip);
    }

    int tracked() {
        return failures.size();
    }

    int maxFailures() {
        return maxFailures;
    }

    long windowMillis() {
        return windowMillis;
    }

    private void prune(long now) {
        failures.replaceAll((k, t) -> FailureWindow.prune(t, now, windowMillis));
        failures.values().removeIf(t -> t.length == 0);
        if (failures.size() >= maxTracked) {
            // more IPs failing inside one window than we track: start over rather than grow without bound
            failures.clear();
        }
    }
}
