package io.proxysaas.customer;

import java.time.Instant;
import java.util.List;

/**
 * A customer to create, as the admin sent it. Null means "not given": {@code expiresAt} then
 * defaults to now + the plan's duration, {@code password} is generated, {@code status} is active.
 */
public record NewCustomer(String username, String plan, Instant expiresAt, List<String> ips,
                          String password, String note, CustomerStatus status) {
}
