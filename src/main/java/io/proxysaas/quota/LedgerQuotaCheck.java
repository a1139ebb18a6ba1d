package io.proxysaas.quota;

import io.proxysaas.access.QuotaCheck;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.Plan;
import java.time.Clock;

/**
 * Admission's "monthly quota used up" from local memory: the ledger has nothing left to lease this
 * period (as this node last heard) and this node's own lease is spent. No network call per socket.
 */
final class LedgerQuotaCheck implements QuotaCheck {

    private final CustomerDirectory directory;
    private final LedgerView view;
    private final LocalLeases leases;
    private final Clock clock;

    LedgerQuotaCheck(CustomerDirectory directory, LedgerView view, LocalLeases leases, Clock clock) {
        this.directory = directory;
        this.view = view;
        this.leases = leases;
        this.clock = clock;
    }

    @Override
    public boolean exhausted(String username) {
        long quota = quotaOf(username);
        return quota > 0 && view.exhausted(username, quota, clock.millis()) && leases.spent(username);
    }

    private long quotaOf(String username) {
        Customer customer = directory.byUsername(username).orElse(null);
        if (customer == null || customer.plan() == null) {
            return 0;
        }
        // no Optional<Long> per socket: a quota above 127 bytes would box a new Long every time
        Plan plan = directory.plan(customer.plan()).orElse(null);
        return plan == null ? 0 : plan.monthlyQuotaBytes();
    }
}
