package io.proxysaas.state;

import io.proxysaas.access.CidrBlock;
import io.proxysaas.access.CidrTable;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's lookup tables over the replicated plans and customers: by username, by API-key
 * hash, by whitelisted CIDR (most specific wins). Lock-free reads; writes serialized, and an update
 * adds the new keys before dropping the old ones so a reader never misses an unchanged key.
 */
final class CustomerIndex {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerIndex.class);

    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final Map<String, String> usernameByApiKeyHash = new ConcurrentHashMap<>();
    private final CidrTable<String> usernameByCidr = new CidrTable<>();

    Optional<Customer> byUsername(String username) {
        return username == null ? Optional.empty() : Optional.ofNullable(customers.get(username));
    }

    Optional<Customer> byApiKeyHash(String apiKeyHash) {
        return apiKeyHash == null ? Optional.empty()
                : Optional.ofNullable(usernameByApiKeyHash.get(apiKeyHash)).map(customers::get);
    }

    Optional<Customer> byClientIp(InetAddress address) {
        return usernameByCidr.lookup(address).map(customers::get);
    }

    Optional<Plan> plan(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(plans.get(name));
    }

    Collection<Customer> customers() {
        return List.copyOf(customers.values());
    }

    Collection<Plan> plans() {
        return List.copyOf(plans.values());
    }

    synchronized void putCustomer(Customer customer) {
        String username = customer.username();
        Customer old = customers.put(username, customer);
        Set<CidrBlock> fresh = blocks(customer);
        fresh.forEach(block -> usernameByCidr.put(block, username));
        if (customer.apiKeyHash() != null) {
            usernameByApiKeyHash.put(customer.apiKeyHash(), username);
        }
        if (old != null) {
            blocks(old).stream().filter(b -> !fresh.contains(b)).forEach(b -> usernameByCidr.remove(b, username));
            if (old.apiKeyHash() != null && !Objects.equals(old.apiKeyHash(), customer.apiKeyHash())) {
                usernameByApiKeyHash.remove(old.apiKeyHash(), username);
            }
        }
    }

    synchronized void removeCustomer(String username) {
        Customer old = customers.remove(username);
        if (old == null) {
            return;
        }
        blocks(old).forEach(b -> usernameByCidr.remove(b, username));
        if (old.apiKeyHash() != null) {
            usernameByApiKeyHash.remove(old.apiKeyHash(), username);
        }
    }

    synchronized void retainCustomers(Set<String> usernames) {
        Set.copyOf(customers.keySet()).stream().filter(u -> !usernames.contains(u)).forEach(this::removeCustomer);
    }

    void putPlan(Plan plan) {
        plans.put(plan.name(), plan);
    }

    void removePlan(String name) {
        plans.remove(name);
    }

    void retainPlans(Set<String> names) {
        plans.keySet().retainAll(names);
    }

    /** Whitelist entries as blocks; one the record layer should have refused is logged and skipped. */
    private static Set<CidrBlock> blocks(Customer customer) {
        Set<CidrBlock> blocks = new HashSet<>();
        for (String ip : customer.ips()) {
            try {
                blocks.add(CidrBlock.parse(ip));
            } catch (IllegalArgumentException e) {
                LOG.warn("Customer {}: whitelist entry skipped: {}", customer.username(), e.getMessage());
            }
        }
        return blocks;
    }
}
