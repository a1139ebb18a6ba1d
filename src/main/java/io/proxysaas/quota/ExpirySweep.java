package io.proxysaas.quota;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.relay.ConnectionRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cuts live sockets of expired customers on this node (close reason {@code expired}). The sweep
 * (routes/quota.yaml, every {@code quota.expiry-sweep}) closes what has expired and arms a one-shot
 * timer at the exact {@code expires_at} of customers expiring before the next sweeps, so a socket is
 * cut within milliseconds of expiry rather than up to one sweep period later.
 */
public final class ExpirySweep {

    static final String EXPIRED = "expired";
    private static final Duration LOOKAHEAD = Duration.ofSeconds(10);

    private final ConnectionRegistry connections;
    private final CustomerDirectory directory;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<String, Instant> armed = new ConcurrentHashMap<>();

    ExpirySweep(ConnectionRegistry connections, CustomerDirectory directory, Clock clock, ScheduledExecutorService timer) {
        this.connections = connections;
        this.directory = directory;
        this.clock = clock;
        this.timer = timer;
    }

    /** Returns how many sockets were asked to close. */
    public int sweep() {
        Instant now = clock.instant();
        int closed = 0;
        for (String username : connections.customers()) {
            Customer customer = directory.byUsername(username).orElse(null);
            if (customer == null || customer.expiresAt() == null) {
                continue;
            }
            if (customer.expiredAt(now)) {
                closed += connections.closeCustomer(username, EXPIRED);
            } else if (customer.expiresAt().isBefore(now.plus(LOOKAHEAD))) {
                arm(username, customer.expiresAt(), now);
            }
        }
        return closed;
    }

    private void arm(String username, Instant expiresAt, Instant now) {
        if (expiresAt.equals(armed.put(username, expiresAt))) {
            return;
        }
        long delay = Math.max(0, Duration.between(now, expiresAt).toMillis());
        timer.schedule(() -> atExpiry(username, expiresAt), delay, TimeUnit.MILLISECONDS);
    }

    /** The armed moment came: cut unless the customer was extended meanwhile (re-arm if the clock is a hair early). */
    private void atExpiry(String username, Instant expected) {
        armed.remove(username, expected);
        Customer customer = directory.byUsername(username).orElse(null);
        if (customer == null || customer.expiresAt() == null) {
            return;
        }
        Instant now = clock.instant();
        if (customer.expiredAt(now)) {
            connections.closeCustomer(username, EXPIRED);
        } else if (customer.expiresAt().equals(expected)) {
            arm(username, expected, now);
        }
    }
}
