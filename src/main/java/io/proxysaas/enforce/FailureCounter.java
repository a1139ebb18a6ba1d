package io.proxysaas.enforce;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentications per client IP in a sliding window (pure, injected clock): {@link #failed}
 * says when an IP reaches {@code maxFailures} inside {@code window}. Counts are this node's own;
 * memory stays bounded because stale IPs are dropped once the table grows past {@code maxTracked}.
 */
final class FailureCounter {

    private final int maxFailures;
    private final long windowMillis;
    private final int maxTracked;
    private final Clock clock;
    private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();

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

    /** Counts one failure; true when it is the {@code maxFailures}-th inside the window (the count restarts). */
    boolean failed(String ip) {
        long now = clock.millis();
        if (failures.size() >= maxTracked) {
            prune(now);
        }
        boolean[] reached = {false};
        failures.compute(ip, (k, times) -> {
            ArrayDeque<Long> t = times == null ? new ArrayDeque<>() : times;
            dropOld(t, now);
            t.addLast(now);
            if (t.size() >= maxFailures) {
                reached[0] = true;
                return null;
            }
            return t;
        });
        return reached[0];
    }

    /** Failures of {@code ip} still inside the window. */
    int count(String ip) {
        long now = clock.millis();
        int[] n = {0};
        failures.computeIfPresent(ip, (k, t) -> {
            dropOld(t, now);
            n[0] = t.size();
            return t.isEmpty() ? null : t;
        });
        return n[0];
    }

    void forget(String ip) {
        failures.remove(ip);
    }

    int tracked() {
        return failures.size();
    }

    private void dropOld(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowMillis) {
            times.removeFirst();
        }
    }

    private void prune(long now) {
        failures.replaceAll((k, t) -> {
            dropOld(t, now);
            return t;
        });
        failures.values().removeIf(ArrayDeque::isEmpty);
        if (failures.size() >= maxTracked) {
            // more IPs failing inside one window than we track: start over rather than grow without bound
            failures.clear();
        }
    }
}
