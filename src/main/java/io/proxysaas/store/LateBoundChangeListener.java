package io.proxysaas.store;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerChangeListener;
import io.proxysaas.customer.Plan;
import java.util.HashSet;
import java.util.Set;
import org.apache.camel.spi.Registry;

/**
 * Forwards record changes to the {@link CustomerChangeListener} the state layer binds. The store is
 * installed before the state layer, so the listener is looked up when the first change happens
 * (and again until one is found); with none bound, changes go nowhere.
 */
final class LateBoundChangeListener implements CustomerChangeListener {

    private final Registry registry;
    private volatile CustomerChangeListener target;

    LateBoundChangeListener(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void customerChanged(Customer customer) {
        target().customerChanged(customer);
    }

    @Override
    public void customerRemoved(String username) {
        target().customerRemoved(username);
    }

    @Override
    public void planChanged(Plan plan) {
        target().planChanged(plan);
    }

    @Override
    public void planRemoved(String name) {
        target().planRemoved(name);
    }

    private CustomerChangeListener target() {
        CustomerChangeListener t = target;
        if (t != null) {
            return t;
        }
        Set<CustomerChangeListener> found = new HashSet<>(registry.findByType(CustomerChangeListener.class));
        found.remove(this);
        if (found.size() > 1) {
            throw new IllegalStateException("more than one CustomerChangeListener bound: " + found);
        }
        if (found.isEmpty()) {
            return CustomerChangeListener.NONE;
        }
        target = found.iterator().next();
        return target;
    }
}
