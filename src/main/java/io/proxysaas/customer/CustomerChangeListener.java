package io.proxysaas.customer;

/**
 * Told after every committed change to plans or customers in the system of record, so the hot
 * copy (Hazelcast) follows. Implemented by the state layer; called by the record services.
 */
public interface CustomerChangeListener {

    void customerChanged(Customer customer);

    void customerRemoved(String username);

    void planChanged(Plan plan);

    void planRemoved(String name);

    CustomerChangeListener NONE = new CustomerChangeListener() {
        @Override
        public void customerChanged(Customer customer) {
        }

        @Override
        public void customerRemoved(String username) {
        }

        @Override
        public void planChanged(Plan plan) {
        }

        @Override
        public void planRemoved(String name) {
        }
    };
}
