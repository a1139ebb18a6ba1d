package io.proxysaas.state;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerChangeListener;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.CustomerRecords;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans and customers as Hazelcast ReplicatedMaps (a full copy on every member), with local
 * indexes by username, whitelisted CIDR and API-key hash that entry listeners keep up to date,
 * so a change written on any member is seen by every member's admission without a network call.
 */
public final class HazelcastCustomerDirectory implements CustomerDirectory, CustomerChangeListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastCustomerDirectory.class);

    private final HazelcastInstance hazelcast;
    private final CustomerIndex index = new CustomerIndex();
    private UUID customerListener;
    private UUID planListener;

    public HazelcastCustomerDirectory(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** Follows the maps from now on; the first member (empty maps) loads them from {@code records}. */
    public synchronized void start(CustomerRecords records) {
        customerListener = customersMap().addEntryListener(
                new Follower<>(index::putCustomer, index::removeCustomer, this::resyncCustomers));
        planListener = plansMap().addEntryListener(
                new Follower<>(index::putPlan, index::removePlan, this::resyncPlans));
        if (records != null && customersMap().isEmpty() && plansMap().isEmpty()) {
            load(records);
        }
        resyncPlans();
        resyncCustomers();
        LOG.info("Customer directory ready: {} plans, {} customers", index.plans().size(), index.customers().size());
    }

    private void load(CustomerRecords records) {
        List<Plan> plans = records.allPlans();
        List<Customer> customers = records.allCustomers();
        Map<String, Plan> planMap = new HashMap<>();
        plans.forEach(p -> planMap.put(p.name(), p));
        Map<String, Customer> customerMap = new HashMap<>();
        customers.forEach(c -> customerMap.put(c.username(), c));
        plansMap().putAll(planMap);
        customersMap().putAll(customerMap);
        LOG.info("Loaded {} plans and {} customers from the system of record", plans.size(), customers.size());
    }

    private void resyncCustomers() {
        index.retainCustomers(new HashSet<>(customersMap().keySet()));
        customersMap().values().forEach(index::putCustomer);
    }

    private void resyncPlans() {
        index.retainPlans(new HashSet<>(plansMap().keySet()));
        plansMap().values().forEach(index::putPlan);
    }

    @Override
    public synchronized void close() {
        if (customerListener != null && hazelcast.getLifecycleService().isRunning()) {
            customersMap().removeEntryListener(customerListener);
            plansMap().removeEntryListener(planListener);
        }
        customerListener = null;
        planListener = null;
    }

    // ---- CustomerDirectory: local memory only ----

    @Override
    public Optional<Customer> byUsername(String username) {
        return index.byUsername(username);
    }

    @Override
    public Optional<Customer> byClientIp(InetAddress address) {
        return index.byClientIp(address);
    }

    @Override
    public Optional<Customer> byApiKeyHash(String apiKeyHash) {
        return index.byApiKeyHash(apiKeyHash);
    }

    @Override
    public Optional<Plan> plan(String name) {
        return index.plan(name);
    }

    @Override
    public Collection<Customer> customers() {
        return index.customers();
    }

    @Override
    public Collection<Plan> plans() {
        return index.plans();
    }

    // ---- CustomerChangeListener: write to the cluster; apply locally at once to read our own writes ----

    @Override
    public void customerChanged(Customer customer) {
        customersMap().put(customer.username(), customer);
        index.putCustomer(customer);
    }

    @Override
    public void customerRemoved(String username) {
        customersMap().remove(username);
        index.removeCustomer(username);
    }

    @Override
    public void planChanged(Plan plan) {
        plansMap().put(plan.name(), plan);
        index.putPlan(plan);
    }

    @Override
    public void planRemoved(String name) {
        plansMap().remove(name);
        index.removePlan(name);
    }

    private ReplicatedMap<String, Customer> customersMap() {
        return hazelcast.getReplicatedMap("customers");
    }

    private ReplicatedMap<String, Plan> plansMap() {
        return hazelcast.getReplicatedMap("plans");
    }

    /** Applies every change of a replicated map, made on any member, to the local index. */
    private static final class Follower<V> implements EntryListener<String, V> {
        private final Consumer<V> put;
        private final Consumer<String> remove;
        private final Runnable resync;

        Follower(Consumer<V> put, Consumer<String> remove, Runnable resync) {
            this.put = put;
            this.remove = remove;
            this.resync = resync;
        }

        @Override
        public void entryAdded(EntryEvent<String, V> event) {
            put.accept(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, V> event) {
            put.accept(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, V> event) {
            remove.accept(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, V> event) {
            remove.accept(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, V> event) {
            remove.accept(event.getKey());
        }

        @Override
        public void mapCleared(MapEvent event) {
            resync.run();
        }

        @Override
        public void mapEvicted(MapEvent event) {
            resync.run();
        }
    }
}
