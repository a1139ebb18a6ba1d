package io.proxysaas.quota;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A fixed directory of customers on one plan (in-test implementation of the interface). */
record TestDirectory(Plan plan, List<Customer> all) implements CustomerDirectory {

    TestDirectory(Plan plan, Customer... customers) {
        this(plan, List.of(customers));
    }

    @Override
    public Optional<Customer> byUsername(String username) {
        return all.stream().filter(c -> c.username().equals(username)).findFirst();
    }

    @Override
    public Optional<Customer> byClientIp(InetAddress address) {
        return Optional.empty();
    }

    @Override
    public Optional<Customer> byApiKeyHash(String apiKeyHash) {
        return Optional.empty();
    }

    @Override
    public Optional<Plan> plan(String name) {
        return plan.name().equals(name) ? Optional.of(plan) : Optional.empty();
    }

    @Override
    public Collection<Customer> customers() {
        return all;
    }

    @Override
    public Collection<Plan> plans() {
        return List.of(plan);
    }
}
