package io.proxysaas.quota;

import io.proxysaas.access.Admission;
import io.proxysaas.customer.Customer;
import io.proxysaas.limits.BillingPeriod;
import io.proxysaas.relay.ByteBudget;
import io.proxysaas.relay.ByteBudgets;
import io.proxysaas.usage.UsageTotals;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's leases, one {@link QuotaLease} per customer with a quota: the relay takes from it per
 * chunk (local, lock-free) and asks the ledger for another slice when it runs dry. The first request
 * of a period tells the ledger the bytes already used ({@link UsageTotals}), so a restart never hands
 * the quota out again. Customers without a quota get no budget and never touch the ledger.
 */
final class LocalLeases implements ByteBudgets {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLeases.class);

    private final Map<String, QuotaLease> leases = new ConcurrentHashMap<>();
    private final QuotaLedger ledger;
    private final LedgerView view;
    private final QuotaPeriods periods;
    private final Supplier<UsageTotals> usage;
    private final long sliceBytes;
    private final Executor lookups;
    private final Clock clock;

    LocalLeases(QuotaLedger ledger, LedgerView view, QuotaPeriods periods, Supplier<UsageTotals> usage,
                long sliceBytes, Executor lookups) {
        this.ledger = ledger;
        this.view = view;
        this.periods = periods;
        this.usage = usage;
        this.sliceBytes = sliceBytes;
        this.lookups = lookups;
        this.clock = periods.clock();
    }

    @Override
    public ByteBudget forGrant(Admission.Grant grant) {
        long quota = grant.plan().monthlyQuotaBytes();
        return quota <= 0 ? null : new Budget(grant.customer(), quota);
    }

    /** Whether this node's lease for the customer's current period can relay nothing more. */
    boolean spent(String username) {
        QuotaLease lease = leases.get(username);
        return lease == null || !lease.covers(clock.millis()) || lease.spent();
    }

    QuotaLease lease(Customer customer) {
        long now = clock.millis();
        QuotaLease lease = leases.get(customer.username());
        if (lease != null && lease.covers(now)) {
            return lease;
        }
        BillingPeriod period = periods.of(customer, Instant.ofEpochMilli(now));
        return leases.compute(customer.username(),
                (k, old) -> old != null && old.period().key().equals(period.key()) ? old : new QuotaLease(period));
    }

    CompletionStage<Boolean> refill(Customer customer, long quota, long needed) {
        QuotaLease lease = lease(customer);
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = lease.startRequest(mine);
        if (running != mine) {
            return running;
        }
        String username = customer.username();
        CompletionStage<Long> initialUsed = lease.askedLedger() ? CompletableFuture.completedFuture(-1L)
                : CompletableFuture.supplyAsync(() -> usage.get().bytesUsed(username), lookups).exceptionally(e -> {
                    LOG.warn("usage of {} unknown ({}); the quota ledger starts from its own count", username, e.toString());
                    return -1L;
                });
        initialUsed.thenCompose(used -> ledger.lease(username, lease.period(), quota,
                        LeaseArithmetic.want(sliceBytes, needed), used))
                .whenComplete((result, error) -> {
                    if (result != null) {
                        lease.markAsked();
                        lease.granted(result.granted());
                        view.update(username, result.entry());
                    }
                    lease.requestDone();
                    if (error != null) {
                        mine.completeExceptionally(error);
                    } else {
                        mine.complete(result.granted() > 0);
                    }
                });
        return mine;
    }

    /** One socket's view of its customer's lease. */
    private final class Budget implements ByteBudget {
        private final Customer customer;
        private final long quota;

        Budget(Customer customer, long quota) {
            this.customer = customer;
            this.quota = quota;
        }

        @Override
        public boolean take(long bytes) {
            return lease(customer).take(bytes);
        }

        @Override
        public CompletionStage<Boolean> refill(long needed) {
            return LocalLeases.this.refill(customer, quota, needed);
        }
    }
}
