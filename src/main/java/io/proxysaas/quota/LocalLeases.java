package io.proxysaas.quota;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleService;
import io.proxysaas.access.Admission;
import io.proxysaas.customer.Customer;
import io.proxysaas.limits.BillingPeriod;
import io.proxysaas.relay.ByteBudget;
import io.proxysaas.relay.ByteBudgets;
import io.proxysaas.usage.UsageTotals;
import java.time.Clock;
import java.time.Duration;
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
 * the quota out again. Customers without a quota get no budget and never touch the ledger. What a
 * lease holds unspent goes back ({@link LeaseReturns}) once the customer left this node, when the
 * ledger line started again (reset, new period), and at shutdown.
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
    private final LeaseReturns returns;
    private final Clock clock;

    LocalLeases(QuotaLedger ledger, LedgerView view, QuotaPeriods periods, Supplier<UsageTotals> usage,
                long sliceBytes, Executor lookups, LeaseReturns returns) {
        this.ledger = ledger;
        this.view = view;
        this.periods = periods;
        this.usage = usage;
        this.sliceBytes = sliceBytes;
        this.lookups = lookups;
        this.returns = returns;
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
        QuotaLease[] replaced = {null};
        QuotaLease current = leases.compute(customer.username(), (k, old) -> {
            if (old != null && old.period().key().equals(period.key())) {
                return old;
            }
            replaced[0] = old;
            return new QuotaLease(period);
        });
        if (replaced[0] != null) {
            returns.giveBack(customer.username(), replaced[0], replaced[0].takeUnspent()); // to the finished period
        }
        return current;
    }

    /** A customer socket closed on this node (told by the relay's connection registry). */
    void socketClosed(String username) {
        QuotaLease lease = username == null ? null : leases.get(username);
        if (lease != null) {
            returns.socketClosed(username, lease);
        }
    }

    /** The ledger line of {@code username} changed somewhere in the cluster. */
    void lineChanged(String username, LedgerEntry line) {
        QuotaLease lease = line == null ? null : leases.get(username);
        if (lease != null) {
            returns.giveBack(username, lease, lease.lineMoved(line.version()));
        }
    }

    /** Gives every lease's unspent bytes back, waiting at most {@code timeout} (orderly shutdown). */
    long returnAll(Duration timeout) {
        return returns.returnAll(leases, timeout);
    }

    /**
     * Returns every lease when the member starts shutting down: its listeners run before it leaves,
     * and in the product after the relay's event loops stopped (services stop in reverse order), so
     * every lease is final and the cluster still answers.
     */
    void returnAllOnShutdown(LifecycleService member, Duration timeout) {
        member.addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                returnAll(timeout);
            }
        });
    }

    /** This node's unspent bytes for {@code username} (0 without a lease). */
    long unspent(String username) {
        QuotaLease lease = leases.get(username);
        return lease == null ? 0 : lease.remaining();
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
                        returns.giveBack(username, lease, lease.granted(result.entry().version(), result.granted()));
                        if (leases.get(username) != lease) { // replaced by a newer period's lease meanwhile
                            returns.giveBack(username, lease, lease.takeUnspent());
                        }
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
