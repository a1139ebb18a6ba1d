package io.proxysaas.access;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The admission order of SPEC §4 as pure rules, first failure wins: client IP -> credentials or
 * whitelist -> customer banned -> locked -> expired -> plan -> the {@link LimitCheck}s in the order
 * given (quota, per-IP sockets, per-port threads, QPS: each later rule is one more check).
 */
public final class AdmissionRules {

    /** What the rules look up, asked lazily and in order (no slow password check for a banned IP). */
    public interface Facts {

        /** {@link RefusalReason#IP_BANNED}/{@link RefusalReason#IP_BLOCKED} for the client address, or null. */
        RefusalReason ipRefusal();

        Optional<Customer> customer(String username);

        boolean passwordMatches(Customer customer, String password);

        /** The customer whose whitelist holds the client address. */
        Optional<Customer> whitelisted();

        Optional<Plan> plan(String name);
    }

    /** One limit checked once customer and plan are known; null lets the socket through to the next. */
    @FunctionalInterface
    public interface LimitCheck {
        Admission.Refusal check(Admission.Grant candidate, Instant now);
    }

    /** One account-state check on an identified customer; null when the customer passes. */
    private interface AccountCheck {
        Admission.Refusal check(Customer customer, Instant now);
    }

    private static final List<AccountCheck> ACCOUNT_CHECKS = List.of(
            AdmissionRules::banned,
            AdmissionRules::locked,
            AdmissionRules::expired);

    private final Clock clock;
    private final List<LimitCheck> limitChecks;

    public AdmissionRules(Clock clock) {
        this(clock, List.of());
    }

    public AdmissionRules(Clock clock, List<LimitCheck> limitChecks) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limitChecks = List.copyOf(limitChecks);
    }

    public Admission decide(int port, Credentials credentials, String clientIp, Facts facts) {
        RefusalReason ip = facts.ipRefusal();
        if (ip != null) {
            return new Admission.Refusal(ip, null);
        }
        Optional<Customer> identified = identify(credentials, facts);
        if (identified.isEmpty()) {
            return new Admission.Refusal(
                    credentials.present() ? RefusalReason.BAD_CREDENTIALS : RefusalReason.AUTH_REQUIRED, null);
        }
        Customer customer = identified.get();
        Instant now = clock.instant();
        for (AccountCheck check : ACCOUNT_CHECKS) {
            Admission.Refusal refusal = check.check(customer, now);
            if (refusal != null) {
                return refusal;
            }
        }
        Optional<Plan> plan = customer.plan() == null ? Optional.empty() : facts.plan(customer.plan());
        if (plan.isEmpty()) {
            return new Admission.Refusal(RefusalReason.PLAN_MISSING, "plan '" + customer.plan() + "' does not exist");
        }
        Admission.Grant candidate = new Admission.Grant(customer, plan.get(), port, clientIp);
        for (LimitCheck check : limitChecks) {
            Admission.Refusal refusal = check.check(candidate, now);
            if (refusal != null) {
                return refusal;
            }
        }
        return candidate;
    }

    /** Unknown user and wrong password look the same from outside (no username probing). */
    private static Optional<Customer> identify(Credentials credentials, Facts facts) {
        if (!credentials.present()) {
            return facts.whitelisted();
        }
        return facts.customer(credentials.username())
                .filter(c -> facts.passwordMatches(c, credentials.password()));
    }

    /** A ban with an end date lapses on time on every node; without one it lasts until lifted. */
    static Admission.Refusal banned(Customer customer, Instant now) {
        Instant until = customer.bannedUntil();
        boolean banned = until != null ? now.isBefore(until) : customer.status() == CustomerStatus.BANNED;
        if (!banned) {
            return null;
        }
        return new Admission.Refusal(RefusalReason.CUSTOMER_BANNED, until == null ? null : "until " + until);
    }

    static Admission.Refusal locked(Customer customer, Instant now) {
        return customer.status() == CustomerStatus.LOCKED ? new Admission.Refusal(RefusalReason.LOCKED_OUT, null) : null;
    }

    static Admission.Refusal expired(Customer customer, Instant now) {
        return customer.expiredAt(now)
                ? new Admission.Refusal(RefusalReason.EXPIRED, "on " + customer.expiresAt())
                : null;
    }

    /** Whether the customer may use the service at {@code now} (the account checks only; for proxy lists). */
    public static boolean accountValid(Customer customer, Instant now) {
        for (AccountCheck check : ACCOUNT_CHECKS) {
            if (check.check(customer, now) != null) {
                return false;
            }
        }
        return true;
    }
}
