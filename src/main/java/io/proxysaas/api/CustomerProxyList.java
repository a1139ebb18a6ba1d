package io.proxysaas.api;

import io.proxysaas.access.AdmissionRules;
import io.proxysaas.access.LockoutCheck;
import io.proxysaas.access.QuotaCheck;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.pool.PoolEntry;
import io.proxysaas.pool.UpstreamPool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which ports a customer may use right now: none unless the account is valid (not banned,
 * locked or expired, plan known, quota left, no strike lockout); otherwise every pool port that is bound
 * and whose upstream is up.
 */
final class CustomerProxyList {

    private final CustomerDirectory directory;
    private final Supplier<UpstreamPool> pool;
    private final Clock clock;
    private final Function<Class<?>, Object> beans;

    CustomerProxyList(CustomerDirectory directory, Supplier<UpstreamPool> pool, Clock clock) {
        this(directory, pool, clock, type -> null);
    }

    /** {@code beans} finds the quota and lockout checks by type at use time (their modules install later). */
    CustomerProxyList(CustomerDirectory directory, Supplier<UpstreamPool> pool, Clock clock, Function<Class<?>, Object> beans) {
        this.directory = directory;
        this.pool = pool;
        this.clock = clock;
        this.beans = beans;
    }

    List<PoolEntry> validPorts(Customer customer) {
        UpstreamPool upstreams = pool.get();
        if (upstreams == null || !accountValid(customer) || overQuotaOrLocked(customer.username())) {
            return List.of();
        }
        return upstreams.entries().stream()
                .filter(e -> upstreams.isBound(e.port()) && upstreams.health(e.port()).healthy())
                .toList();
    }

    private boolean overQuotaOrLocked(String username) {
        if (beans.apply(QuotaCheck.class) instanceof QuotaCheck quota && quota.exhausted(username)) {
            return true;
        }
        Instant lockedUntil = beans.apply(LockoutCheck.class) instanceof LockoutCheck lockout
                ? lockout.lockedUntil(username) : null;
        return lockedUntil != null && clock.instant().isBefore(lockedUntil);
    }

    boolean accountValid(Customer customer) {
        return AdmissionRules.accountValid(customer, clock.instant())
                && customer.plan() != null && directory.plan(customer.plan()).isPresent();
    }
}
