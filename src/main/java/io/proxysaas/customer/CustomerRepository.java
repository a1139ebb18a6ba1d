package io.proxysaas.customer;

import java.util.List;
import java.util.Optional;

/**
 * Storage of customers and their whitelisted CIDRs (implemented by the store). A customer and its
 * CIDRs are written in one transaction. A CIDR owned by another customer, a duplicate username
 * or an unknown plan surface as {@link RecordException}s naming the field.
 */
public interface CustomerRepository extends CustomerRecords {

    Optional<Customer> find(String username);

    /** The owner of an exact canonical CIDR, if any. */
    Optional<String> ownerOf(String cidr);

    void insert(Customer customer);

    /** Replaces every stored field and the CIDR list; false when the customer does not exist. */
    boolean update(Customer customer);

    boolean delete(String username);
}
