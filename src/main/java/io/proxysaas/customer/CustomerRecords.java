package io.proxysaas.customer;

import java.util.List;

/** Read access to the system of record, used to load the hot state at start. */
public interface CustomerRecords {

    List<Plan> allPlans();

    List<Customer> allCustomers();
}
