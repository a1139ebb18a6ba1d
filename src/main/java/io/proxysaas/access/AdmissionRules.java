package io.proxysaas.access;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The admission order of SPEC §4 as pure rules, first failure wins: client IP -> credentials or
 * whitelist -> customer banned -> locked -> strike lockout -> expired -> plan -> the
 * {@link LimitCheck}s in the order given (quota, per-IP sockets, per-port threads, QPS, per-IP QPS;
 * see {@link PlanLimits}). A check that reserved something is undone when a later one refuses.
 */
public final class AdmissionRules {

    /**
     * What the rules look up, asked lazily and in order (no slow password check for a banned IP).
     * Answers are null when absent rather than {@code Optional}: an Optional handed across this
     * interface outlives the lookup and costs an allocation per socket.
     */
    public interface Facts {

        /** {@link RefusalReason#IP_BANNED}/{@link RefusalReason#IP_BLOCKED} for the client address, or null. */
        RefusalReason ipRefusal();

        /** The customer of that name, or null. */
        Customer customer(String username);

        boolean passwordMatches(Customer customer, String password);

        /** The customer whose whitelist holds the client address, or null. */
        Customer whitelisted();

        /** The plan of that name, or null. */
        Plan plan(String name);
    }

    /** One limit checked once customer and plan are known; null lets the socket through to the next. */
    @FunctionalInterface
    public interface LimitCheck {
        Admission.Refusal check(Admission.Grant candidate, Instant now);

        /** Gives back what a passed check took (e.g. a counted socket) when a later check refuses. */
        default void undo(Admission.Grant candidate) {
        }

        /** Whether a pass of this check already counted the socket as live (the caller must not again). */
        default boolean countsSockets() {
            return false;
        }
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
    private final List<AccountCheck> accountChecks;
    private final List<LimitCheck> limitChecks;
    private final boolean countsSockets;

    public AdmissionRules(Clock clock) {
        this(clock, List.of());
    }

    public AdmissionRules(Clock clock, List<LimitCheck> limitChecks) {
        this(clock, () -> LockoutCheck.NONE, limitChecks);
    }

    /** @param lockout asked on every admission (the strike capability may bind it after this module) */
    public AdmissionRules(Clock clock, Supplier<LockoutCheck> lockout, List<LimitCheck> limitChecks) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(lockout, "lockout");
        this.accountChecks = List.of(
                AdmissionRules::banned,
                AdmissionRules::locked,
                (customer, now) -> lockedOut(customer, now, lockout.get()),
                AdmissionRules::expired);
        this.limitChecks = List.copyOf(limitChecks);
        this.countsSockets = this.limitChecks.stream().anyMatch(LimitCheck::countsSockets);
    }

    /** Whether a grant from these rules is already counted in the live sockets. */
    public boolean countsSockets() {
        return countsSockets;
    }

    public Admission decide(int port, Credentials credentials, String clientIp, Facts facts) {
        RefusalReason ip = facts.ipRefusal();
        if (ip != null) {
            return PlainRefusals.of(ip);
        }
        Customer customer = credentials.present() ? facts.customer(credentials.username()) : facts.whitelisted();
        // A pure read, taken before the password check although it is judged after the account
        // checks: the JIT then still inlines it (the hash code below uses up its inlining budget)
        // and the directory's Optional never reaches the heap.
        Plan plan = customer == null || customer.plan() == null ? null : facts.plan(customer.plan());
        if (customer == null || credentials.present() && !facts.passwordMatches(customer, credentials.password())) {
            // unknown user and wrong password look the same from outside (no username probing)
            return PlainRefusals.of(credentials.present() ? RefusalReason.BAD_CREDENTIALS : RefusalReason.AUTH_REQUIRED);
        }
        Instant now = clock.instant();
        for (int i = 0; i < accountChecks.size(); i++) {
            Admission.Refusal refusal = accountChecks.get(i).check(customer, now);
            if (refusal != null) {
                return refusal;
            }
        }
        if (plan == null) {
            return new Admission.Refusal(RefusalReason.PLAN_MISSING, "plan '" + customer.plan() + "' does not exist");
        }
        Admission.Grant candidate = new Admission.Grant(customer, plan, port, clientIp);
        for (int i = 0; i < limitChecks.size(); i++) {
            Admission.Refusal refusal = limitChecks.get(i).check(candidate, now);
            if (refusal != null) {
                for (int j = i - 1; j >= 0; j--) {
                    limitChecks.get(j).undo(candidate);
                }
                return refusal;
            }
        }
        return candidate;
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
        return customer.status() == CustomerStatus.LOCKED ? PlainRefusals.of(RefusalReason.LOCKED_OUT) : null;
    }

    /** A strike lockout lapses by itself at its end time. */
    static Admission.Refusal lockedOut(Customer customer, Instant now, LockoutCheck lockout) {
        Instant until = lockout.lockedUntil(customer.username());
        return until != null && now.isBefore(until)
                ? new Admission.Refusal(RefusalReason.LOCKED_OUT, "until " + until)
                : null;
    }

    static Admission.Refusal expired(Customer customer, Instant now) {
        return customer.expiredAt(now)
                ? new Admission.Refusal(RefusalReason.EXPIRED, "on " + customer.expiresAt())
                : null;
    }

    /** Whether the customer may use the service at {@code now} (the stored account state only; for proxy lists). */
    public static boolean accountValid(Customer customer, Instant now) {
        for (int i = 0; i < ACCOUNT_CHECKS.size(); i++) {
            if (ACCOUNT_CHECKS.get(i).check(customer, now) != null) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #accountValid(Customer, Instant)}, also refusing a customer under a strike lockout. */
    public static boolean accountValid(Customer customer, Instant now, LockoutCheck lockout) {
        return accountValid(customer, now) && lockedOut(customer, now, lockout) == null;
    }
}
