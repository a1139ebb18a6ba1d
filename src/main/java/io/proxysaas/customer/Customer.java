package io.proxysaas.customer;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * A customer as stored: secrets only as hashes ({@code passwordHash} is a slow PBKDF2 hash,
 * {@code apiKeyHash} a SHA-256 hex digest of the random key).
 *
 * @param ips whitelisted IPs/CIDRs in canonical text form ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, single
 *            addresses as /32 or /128)
 */
public record Customer(
        String username,
        String passwordHash,
        String apiKeyHash,
        String plan,
        Instant expiresAt,
        CustomerStatus status,
        String banReason,
        Instant bannedUntil,
        List<String> ips,
        String note,
        Instant createdAt) implements Serializable {

    public Customer {
        ips = ips == null ? List.of() : List.copyOf(ips);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
