package io.proxysaas.access;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * An in-memory customer directory whose customers and plans tests change on the fly; a customer's
 * stored "password hash" is the password itself (pair it with {@link #PLAIN}).
 */
public final class TestDirectory implements CustomerDirectory {

    /** A slow hash check for this directory: the stored hash is the password. */
    public static final SlowHashCheck PLAIN = String::equals;

    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();

    /** A fixed directory: these plans and customers, as given. */
    public static TestDirectory of(Collection<Customer> customers, Collection<Plan> plans) {
        TestDirectory d = new TestDirectory();
        plans.forEach(d::plan);
        customers.forEach(d::add);
        return d;
    }

    /** A fixed directory of customers on one plan. */
    public static TestDirectory of(Plan plan, Customer... customers) {
        return of(List.of(customers), List.of(plan));
    }

    /** Adds (or replaces) {@code customer} as it is. */
    public TestDirectory add(Customer customer) {
        customers.put(customer.username(), customer);
        return this;
    }

    public TestDirectory plan(Plan plan) {
        plans.put(plan.name(), plan);
        return this;
    }

    /** An active customer on {@code plan} with {@code password}, expiring far in the future. */
    public TestDirectory customer(String username, String password, String plan) {
        customers.put(username, new Customer(username, password, "key-" + username, plan,
                Instant.parse("2100-01-01T00:00:00Z"), CustomerStatus.ACTIVE, null, null, List.of(), null,
                Instant.parse("2020-01-01T00:00:00Z")));
        return this;
    }

    public void change(String username, UnaryOperator<Customer> edit) {
        customers.computeIfPresent(username, (k, c) -> edit.apply(c));
    }

    public void changePlan(String name, UnaryOperator<Plan> edit) {
        plans.computeIfPresent(name, (k, p) -> edit.apply(p));
    }

    /** A plan with only the limits given (others 0 = unlimited). */
    public static Plan limits(String name, int threads, int qps, int ipThreads, int ipQps, long bandwidthBps,
                              long socketBandwidthBps) {
        return new Plan(name, threads, qps, bandwidthBps, socketBandwidthBps, ipThreads, ipQps, 0, 30, 0);
    }

    @Override
    public Optional<Customer> byUsername(String username) {
        return Optional.ofNullable(customers.get(username));
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
        return Optional.ofNullable(plans.get(name));
    }

    @Override
    public Collection<Customer> customers() {
        return List.copyOf(customers.values());
    }

    @Override
    public Collection<Plan> plans() {
        return List.copyOf(plans.values());
    }
}
