package io.proxysaas.api;

import io.proxysaas.access.AdmissionRules;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.pool.PoolEntry;
import io.proxysaas.pool.UpstreamPool;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which ports a customer may use right now: none unless the account is valid (not banned,
 * locked or expired, plan known); otherwise every pool port that is bound and whose upstream is up.
 */
final class CustomerProxyList {

    private final CustomerDirectory directory;
    private final Supplier<UpstreamPool> pool;
    private final Clock clock;

    CustomerProxyList(CustomerDirectory directory, Supplier<UpstreamPool> pool, Clock clock) {
        this.directory = directory;
        this.pool = pool;
        this.clock = clock;
    }

    List<PoolEntry> validPorts(Customer customer) {
        UpstreamPool upstreams = pool.get();
        if (upstreams == null || !accountValid(customer)) {
            return List.of();
        }
        return upstreams.entries().stream()
                .filter(e -> upstreams.isBound(e.port()) && upstreams.health(e.port()).healthy())
                .toList();
    }

    boolean accountValid(Customer customer) {
        return AdmissionRules.accountValid(customer, clock.instant())
                && customer.plan() != null && directory.plan(customer.plan()).isPresent();
    }
}
