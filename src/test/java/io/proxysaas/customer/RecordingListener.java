package io.proxysaas.customer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A change listener that writes down what it was told, as "customerChanged:alice" etc. */
final class RecordingListener implements CustomerChangeListener {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void customerChanged(Customer customer) {
        events.add("customerChanged:" + customer.username());
    }

    @Override
    public void customerRemoved(String username) {
        events.add("customerRemoved:" + username);
    }

    @Override
    public void planChanged(Plan plan) {
        events.add("planChanged:" + plan.name());
    }

    @Override
    public void planRemoved(String name) {
        events.add("planRemoved:" + name);
    }
}
