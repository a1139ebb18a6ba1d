package io.proxysaas.usage;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes per second of each customer over the last report interval, from the cluster-wide counters:
 * each roll compares a customer's total with the previous roll's. A period change or a reset
 * (total going down) reads as the new total since the last roll's time, never as a negative rate.
 */
final class RateMeter {

    private final Clock clock;
    private final Map<String, Sample> last = new ConcurrentHashMap<>();
    private final Map<String, Long> rates = new ConcurrentHashMap<>();

    RateMeter(Clock clock) {
        this.clock = clock;
    }

    /** Called once per report interval by the ledger, after the batch is applied. */
    synchronized void roll(Map<String, CustomerUsage> totals) {
        long now = clock.millis();
        for (var e : totals.entrySet()) {
            CustomerUsage u = e.getValue();
            Sample previous = last.put(e.getKey(), new Sample(u.period(), u.bytesUsed(), now));
            if (previous == null) {
                continue;
            }
            long bytes = previous.period().equals(u.period()) && u.bytesUsed() >= previous.total()
                    ? u.bytesUsed() - previous.total()
                    : u.bytesUsed();
            long elapsed = Math.max(1, now - previous.millis());
            rates.put(e.getKey(), bytes * 1000 / elapsed);
        }
        last.keySet().retainAll(totals.keySet());
        rates.keySet().retainAll(totals.keySet());
    }

    long rate(String username) {
        return username == null ? 0 : rates.getOrDefault(username, 0L);
    }

    private record Sample(String period, long total, long millis) {
    }
}
