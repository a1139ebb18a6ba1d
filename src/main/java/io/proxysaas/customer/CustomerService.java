package io.proxysaas.customer;

import io.proxysaas.security.PasswordHasher;
import io.proxysaas.security.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Creates, changes and removes customers: validates every field (naming it when refused), issues
 * passwords and API keys (plaintext returned once, only hashes stored) and tells the hot state
 * about every committed change.
 */
public class CustomerService {

    private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9_.-]{3,64}");
    private static final int MAX_NOTE = 2000;

    private final CustomerRepository customers;
    private final PlanRepository plans;
    private final PasswordHasher hasher;
    private final WhitelistRule whitelist;
    private final Clock clock;
    private final CustomerChangeListener listener;

    public CustomerService(CustomerRepository customers, PlanRepository plans, PasswordHasher hasher,
                           Clock clock, int maxIps, CustomerChangeListener listener) {
        this.customers = Objects.requireNonNull(customers, "customers");
        this.plans = Objects.requireNonNull(plans, "plans");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.whitelist = new WhitelistRule(customers, maxIps);
        this.listener = listener == null ? CustomerChangeListener.NONE : listener;
    }

    public List<Customer> list() {
        return customers.allCustomers();
    }

    public Customer get(String username) {
        return customers.find(username).orElseThrow(() -> RecordException.notFound("customer", username));
    }

    public IssuedCustomer create(NewCustomer request) {
        String username = request.username();
        if (username == null || username.isEmpty()) {
            throw RecordException.invalid("username", "is required");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw RecordException.invalid("username", "must be 3-64 characters of a-z A-Z 0-9 _ . -");
        }
        if (customers.find(username).isPresent()) {
            throw RecordException.conflict("username", "username: customer '" + username + "' already exists");
        }
        Plan plan = existingPlan(request.plan());
        List<String> ips = whitelist.canonical(username, request.ips() == null ? List.of() : request.ips());
        String password = request.password() == null ? Secrets.password() : checkedPassword(request.password());
        String apiKey = Secrets.apiKey();
        Instant now = now();
        Instant expiresAt = request.expiresAt() != null ? millis(request.expiresAt()) : defaultExpiry(plan, now);
        Customer customer = new Customer(username, hasher.hash(password), Secrets.sha256Hex(apiKey), plan.name(),
                expiresAt, request.status() == null ? CustomerStatus.ACTIVE : request.status(), null, null,
                ips, checkedNote(request.note()), now);
        customers.insert(customer);
        listener.customerChanged(customer);
        return new IssuedCustomer(customer, password, apiKey);
    }

    public Customer update(String username, CustomerPatch patch) {
        Customer old = get(username);
        String plan = patch.plan() == null ? old.plan() : existingPlan(patch.plan()).name();
        Instant expiresAt = patch.clearExpiry() ? null
                : patch.expiresAt() != null ? millis(patch.expiresAt()) : old.expiresAt();
        CustomerStatus status = patch.status() == null ? old.status() : patch.status();
        boolean active = status == CustomerStatus.ACTIVE;
        List<String> ips = patch.ips() == null ? old.ips() : whitelist.canonical(username, patch.ips());
        String note = patch.clearNote() ? null : patch.note() != null ? checkedNote(patch.note()) : old.note();
        String passwordHash = patch.password() == null ? old.passwordHash()
                : hasher.hash(checkedPassword(patch.password()));
        Customer changed = new Customer(username, passwordHash, old.apiKeyHash(), plan, expiresAt, status,
                active ? null : old.banReason(), active ? null : old.bannedUntil(), ips, note, old.createdAt());
        return store(changed);
    }

    public void delete(String username) {
        if (!customers.delete(username)) {
            throw RecordException.notFound("customer", username);
        }
        listener.customerRemoved(username);
    }

    public IssuedCustomer rotatePassword(String username) {
        Customer old = get(username);
        String password = Secrets.password();
        Customer changed = new Customer(username, hasher.hash(password), old.apiKeyHash(), old.plan(),
                old.expiresAt(), old.status(), old.banReason(), old.bannedUntil(), old.ips(), old.note(),
                old.createdAt());
        return new IssuedCustomer(store(changed), password, null);
    }

    public IssuedCustomer rotateApiKey(String username) {
        Customer old = get(username);
        String apiKey = Secrets.apiKey();
        Customer changed = new Customer(username, old.passwordHash(), Secrets.sha256Hex(apiKey), old.plan(),
                old.expiresAt(), old.status(), old.banReason(), old.bannedUntil(), old.ips(), old.note(),
                old.createdAt());
        return new IssuedCustomer(store(changed), null, apiKey);
    }

    private Customer store(Customer changed) {
        if (!customers.update(changed)) {
            throw RecordException.notFound("customer", changed.username());
        }
        listener.customerChanged(changed);
        return changed;
    }

    private Plan existingPlan(String name) {
        if (name == null || name.isEmpty()) {
            throw RecordException.invalid("plan", "is required");
        }
        return plans.find(name).orElseThrow(() -> RecordException.invalid("plan", "no plan named '" + name + "'"));
    }

    private static Instant defaultExpiry(Plan plan, Instant now) {
        return plan.durationDays() == 0 ? null : now.plus(Duration.ofDays(plan.durationDays()));
    }

    private static String checkedPassword(String password) {
        if (password.length() < 8 || password.length() > 128) {
            throw RecordException.invalid("password", "must be 8-128 characters");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw RecordException.invalid("password", "must not contain control characters");
        }
        return password;
    }

    private static String checkedNote(String note) {
        if (note != null && note.length() > MAX_NOTE) {
            throw RecordException.invalid("note", "must be at most " + MAX_NOTE + " characters");
        }
        return note;
    }

    private Instant now() {
        return millis(clock.instant());
    }

    /** The store keeps milliseconds; truncating here makes what we return equal what we read back. */
    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
