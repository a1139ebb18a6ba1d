package io.proxysaas.enforce;

import io.proxysaas.access.Kicks;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerChangeListener;
import io.proxysaas.customer.CustomerPatch;
import io.proxysaas.customer.CustomerRepository;
import io.proxysaas.customer.CustomerService;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.RecordException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The admin actions on one customer's account: ban (with reason and optional end, kicking every
 * socket), lift the ban, extend the subscription. Errors are {@link RecordException}s naming the field.
 */
public final class CustomerActions {

    static final int MAX_REASON = 500;
    public static final int MAX_DAYS = 36_500;

    private final CustomerService customers;
    private final CustomerRepository repository;
    private final CustomerChangeListener directory;
    private final Kicks kicks;
    private final Clock clock;

    CustomerActions(CustomerService customers, CustomerRepository repository, CustomerChangeListener directory,
                    Kicks kicks, Clock clock) {
        this.customers = customers;
        this.repository = repository;
        this.directory = directory;
        this.kicks = kicks;
        this.clock = clock;
    }

    /**
     * Bans the customer (status banned, reason, optional end) and closes their sockets on every node.
     * CustomerPatch has no ban reason or end, so the record is written through the repository and the
     * directory is told, as CustomerService itself does.
     */
    public Customer ban(String username, String reason, Instant until) {
        if (reason == null || reason.isBlank()) {
            throw RecordException.invalid("reason", "is required");
        }
        if (reason.length() > MAX_REASON) {
            throw RecordException.invalid("reason", "longer than " + MAX_REASON + " characters");
        }
        Instant end = until == null ? null : until.truncatedTo(ChronoUnit.MILLIS);
        if (end != null && !end.isAfter(clock.instant())) {
            throw RecordException.invalid("until", "must be in the future, got " + until);
        }
        Customer old = customers.get(username);
        Customer banned = new Customer(old.username(), old.passwordHash(), old.apiKeyHash(), old.plan(), old.expiresAt(),
                CustomerStatus.BANNED, reason.strip(), end, old.ips(), old.note(), old.createdAt());
        if (!repository.update(banned)) {
            throw RecordException.notFound("customer", username);
        }
        directory.customerChanged(banned);
        kicks.kickCustomer(username, "banned");
        return banned;
    }

    /** Lifts a ban (status active again); 409 when the customer is not banned. */
    public Customer unban(String username) {
        Customer old = customers.get(username);
        if (old.status() != CustomerStatus.BANNED) {
            throw RecordException.conflict("status", "customer " + username + " is not banned (status "
                    + old.status().json() + ")");
        }
        return customers.update(username, CustomerPatch.none().withStatus(CustomerStatus.ACTIVE));
    }

    /** Adds {@code days} to the later of now and the current expiry. */
    public Customer extend(String username, long days) {
        if (days <= 0 || days > MAX_DAYS) {
            throw RecordException.invalid("days", "must be between 1 and " + MAX_DAYS + ", got " + days);
        }
        Customer old = customers.get(username);
        if (old.expiresAt() == null) {
            throw RecordException.conflict("expires_at", "customer " + username + " never expires; set expires_at instead");
        }
        Instant now = clock.instant();
        Instant from = old.expiresAt().isAfter(now) ? old.expiresAt() : now;
        Instant expiresAt = from.plus(Duration.ofDays(days));
        return customers.update(username, new CustomerPatch(null, expiresAt, false, null, null, null, false, null));
    }
}
