package io.proxysaas.customer;

import io.proxysaas.access.CidrBlock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a customer's requested whitelist into canonical CIDRs: each entry parsed (no /0), duplicates
 * folded, at most {@code maxIps} entries, none owned by another customer.
 */
final class WhitelistRule {

    private final CustomerRepository customers;
    private final int maxIps;

    WhitelistRule(CustomerRepository customers, int maxIps) {
        if (maxIps < 0) {
            throw new IllegalArgumentException("customers.max-ips=" + maxIps + ": expected 0 or more");
        }
        this.customers = customers;
        this.maxIps = maxIps;
    }

    List<String> canonical(String username, List<String> requested) {
        Set<String> canonical = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String entry = requested.get(i);
            try {
                canonical.add(CidrBlock.parse(entry).canonical());
            } catch (IllegalArgumentException e) {
                throw new RecordException(RecordException.Kind.INVALID, "ips",
                        "ips[" + i + "]: " + e.getMessage(), e);
            }
        }
        if (canonical.size() > maxIps) {
            throw RecordException.conflict("ips", "ips: at most " + maxIps + " IPs/CIDRs per customer, got "
                    + canonical.size());
        }
        for (String cidr : canonical) {
            customers.ownerOf(cidr).filter(owner -> !owner.equals(username)).ifPresent(owner -> {
                throw RecordException.conflict("ips", "ips: " + cidr + " is already whitelisted for another customer");
            });
        }
        return new ArrayList<>(canonical);
    }
}
