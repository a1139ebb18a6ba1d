package io.proxysaas.quota;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a node's unspent quota back to the ledger ({@link LedgerProcessors.GiveBack}), so a customer
 * who moves to other nodes or reconnects later is not cut early by bytes leased here and never used:
 * once the customer has had no live socket on this node for a quiet {@code linger} (rapid reconnects
 * keep their lease), and for every customer at an orderly shutdown. Returns run on the quota's own
 * timer or Hazelcast's threads, never on an event loop; one that fails puts the bytes back in the lease.
 */
final class LeaseReturns {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseReturns.class);

    private final QuotaLedger ledger;
    private final ToIntFunction<String> liveHere;
    private final ScheduledExecutorService timer;
    private final long lingerNanos;
    private final Map<String, Boolean> scheduled = new ConcurrentHashMap<>();

    /** @param liveHere the customer's live sockets on this node */
    LeaseReturns(QuotaLedger ledger, ToIntFunction<String> liveHere, ScheduledExecutorService timer, Duration linger) {
        this.ledger = ledger;
        this.liveHere = liveHere;
        this.timer = timer;
        this.lingerNanos = linger.toNanos();
    }

    /** A socket of {@code username} closed here: when it was the last one, the lease goes back after the linger. */
    void socketClosed(String username, QuotaLease lease) {
        lease.socketClosed();
        if (liveHere.applyAsInt(username) == 0) {
            schedule(username, lease, lingerNanos);
        }
    }

    private void schedule(String username, QuotaLease lease, long delayNanos) {
        if (scheduled.putIfAbsent(username, Boolean.TRUE) != null) {
            return; // a check is due already; it looks at the last close when it runs
        }
        try {
            timer.schedule(() -> lingered(username, lease), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            scheduled.remove(username); // stopping: the shutdown return takes over
        }
    }

    private void lingered(String username, QuotaLease lease) {
        scheduled.remove(username);
        if (liveHere.applyAsInt(username) > 0) {
            return; // back again: the next last close starts a new linger
        }
        long quiet = lease.nanosSinceLastClose();
        if (quiet < lingerNanos || lease.requesting()) {
            schedule(username, lease, Math.max(lingerNanos - quiet, TimeUnit.MILLISECONDS.toNanos(50)));
            return;
        }
        giveBack(username, lease, lease.takeUnspent());
    }

    /** Sends {@code unspent} back to its ledger line without waiting; completes with the bytes credited. */
    CompletableFuture<Long> giveBack(String username, QuotaLease lease, QuotaLease.Unspent unspent) {
        if (unspent == null) {
            return CompletableFuture.completedFuture(0L);
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        try {
            ledger.giveBack(username, unspent.from(), unspent.bytes()).whenComplete((credited, error) -> {
                if (error != null) {
                    boolean kept = lease.restore(unspent);
                    LOG.warn("{} unspent quota bytes of {} not returned to the ledger ({}){}", unspent.bytes(), username,
                            error.toString(), kept ? "; kept in this node's lease" : "");
                    done.complete(0L);
                } else {
                    LOG.debug("{} of {} unspent quota bytes of {} returned to {}", credited, unspent.bytes(), username,
                            unspent.from());
                    done.complete(credited);
                }
            });
        } catch (RuntimeException e) { // the member is gone
            lease.restore(unspent);
            LOG.warn("{} unspent quota bytes of {} not returned: {}", unspent.bytes(), username, e.toString());
            done.complete(0L);
        }
        return done;
    }

    /** Returns every lease's unspent bytes and waits for the ledger, at most {@code timeout} (orderly shutdown). */
    long returnAll(Map<String, QuotaLease> leases, Duration timeout) {
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        leases.forEach((username, lease) -> sent.add(giveBack(username, lease, lease.takeUnspent())));
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while returning unspent quota leases");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Unspent quota leases not all returned within {}: {}", timeout, e.toString());
        }
        long credited = sent.stream().filter(CompletableFuture::isDone).mapToLong(f -> f.getNow(0L)).sum();
        LOG.info("Returned {} unspent quota bytes of {} customers to the ledger", credited, sent.size());
        return credited;
    }
}
