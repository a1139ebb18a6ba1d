package io.proxysaas.customer;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Optional;

/**
 * The hot, in-memory view of plans and customers that admission and the customer API read.
 * Every lookup is local memory (no network round trip).
 */
public interface CustomerDirectory {

    Optional<Customer> byUsername(String username);

    /** The customer whose whitelisted IP/CIDR is the most specific match for {@code address}. */
    Optional<Customer> byClientIp(InetAddress address);

    /** The customer whose API key hashes (SHA-256 hex) to {@code apiKeyHash}. */
    Optional<Customer> byApiKeyHash(String apiKeyHash);

    Optional<Plan> plan(String name);

    Collection<Customer> customers();

    Collection<Plan> plans();
}
