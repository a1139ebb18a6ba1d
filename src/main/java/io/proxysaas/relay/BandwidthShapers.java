package io.proxysaas.relay;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-customer bandwidth budgets of this node ({@code bandwidth_bps}): one shared budget per
 * customer, created when their first shaped socket opens and dropped when the last one closes.
 */
public final class BandwidthShapers {

    private final ConcurrentHashMap<String, Shared> byCustomer = new ConcurrentHashMap<>();

    /** The customer's shared budget at {@code bytesPerSecond} (the newest plan's rate wins); pair with {@link #release}. */
    BandwidthBudget acquire(String username, long bytesPerSecond) {
        return byCustomer.compute(username, (k, s) -> {
            Shared shared = s == null ? new Shared(new BandwidthBudget(bytesPerSecond)) : s;
            if (shared.budget.rate() != bytesPerSecond) {
                shared.budget.rate(bytesPerSecond);
            }
            shared.sockets++;
            return shared;
        }).budget;
    }

    void release(String username) {
        byCustomer.computeIfPresent(username, (k, s) -> --s.sockets <= 0 ? null : s);
    }

    /** How many customers have a shared budget right now (each has at least one shaped socket open). */
    public int customers() {
        return byCustomer.size();
    }

    /** Mutated only inside the map's per-key compute. */
    private static final class Shared {
        final BandwidthBudget budget;
        int sockets;

        Shared(BandwidthBudget budget) {
            this.budget = budget;
        }
    }
}
