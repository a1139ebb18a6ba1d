package io.proxysaas.customer;

import java.time.Instant;
import java.util.List;

/**
 * A partial change of a customer; a null component leaves that field as it is. {@code ips}
 * replaces the whole whitelist; {@code clearExpiry} removes the expiry (never expires);
 * {@code clearNote} empties the note.
 */
public record CustomerPatch(String plan, Instant expiresAt, boolean clearExpiry, CustomerStatus status,
                            List<String> ips, String note, boolean clearNote, String password) {

    public static CustomerPatch none() {
        return new CustomerPatch(null, null, false, null, null, null, false, null);
    }

    public CustomerPatch withPlan(String newPlan) {
        return new CustomerPatch(newPlan, expiresAt, clearExpiry, status, ips, note, clearNote, password);
    }

    public CustomerPatch withIps(List<String> newIps) {
        return new CustomerPatch(plan, expiresAt, clearExpiry, status, newIps, note, clearNote, password);
    }

    public CustomerPatch withStatus(CustomerStatus newStatus) {
        return new CustomerPatch(plan, expiresAt, clearExpiry, newStatus, ips, note, clearNote, password);
    }
}
