package io.proxysaas.quota;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import io.proxysaas.limits.BillingPeriod;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The cluster's quota ledger: Hazelcast IMap {@code quota_ledger} (partitioned, one backup), keyed by
 * username, holding what has been leased to nodes this period and not given back. Every change is an
 * entry processor on the key, so concurrent nodes never hand out (or take back) the same bytes twice.
 */
public final class QuotaLedger {

    static final String MAP = "quota_ledger";

    private final IMap<String, LedgerEntry> map;

    public QuotaLedger(IMap<String, LedgerEntry> map) {
        this.map = map;
    }

    /** Asks for {@code want} bytes; answered on a Hazelcast thread, never blocking the caller. */
    CompletionStage<LeaseResult> lease(String username, BillingPeriod period, long quota, long want, long initialUsed) {
        return map.submitToKey(username,
                new LeaseProcessor(period.key(), period.end().toEpochMilli(), quota, want, initialUsed));
    }

    /** Gives back {@code bytes} leased from line {@code from} and never spent; completes with the bytes credited. */
    CompletionStage<Long> giveBack(String username, LedgerEntry.LineVersion from, long bytes) {
        return map.submitToKey(username, new LedgerProcessors.GiveBack(from, bytes));
    }

    /** Starts the customer's current period again from zero; returns the line before (or null). */
    public LedgerEntry reset(String username, BillingPeriod period, long quota) {
        return map.executeOnKey(username, new LedgerProcessors.Reset(period.key(), period.end().toEpochMilli(), quota));
    }

    boolean roll(String username, String from, BillingPeriod to) {
        return Boolean.TRUE.equals(map.executeOnKey(username,
                new LedgerProcessors.Roll(from, to.key(), to.end().toEpochMilli())));
    }

    boolean forgetPrevious(String username, String previous) {
        return Boolean.TRUE.equals(map.executeOnKey(username, new LedgerProcessors.ForgetPrevious(previous)));
    }

    void remove(String username) {
        map.delete(username);
    }

    public LedgerEntry get(String username) {
        return map.get(username);
    }

    /** Every line (the leader's reset job; a full scan is fine once an hour). */
    Iterable<Map.Entry<String, LedgerEntry>> entries() {
        return map.entrySet();
    }

    /** Calls {@code onChange(username, line-or-null)} for every change anywhere in the cluster. */
    void listen(BiConsumer<String, LedgerEntry> onChange, Runnable onClear) {
        map.addEntryListener(new Listener(onChange, onClear), true);
    }

    private record Listener(BiConsumer<String, LedgerEntry> onChange, Runnable onClear)
            implements EntryAddedListener<String, LedgerEntry>, EntryUpdatedListener<String, LedgerEntry>,
            EntryRemovedListener<String, LedgerEntry>, EntryEvictedListener<String, LedgerEntry>,
            EntryExpiredListener<String, LedgerEntry>, MapClearedListener {

        @Override
        public void entryAdded(EntryEvent<String, LedgerEntry> e) {
            onChange.accept(e.getKey(), e.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, LedgerEntry> e) {
            onChange.accept(e.getKey(), e.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, LedgerEntry> e) {
            onChange.accept(e.getKey(), null);
        }

        @Override
        public void entryEvicted(EntryEvent<String, LedgerEntry> e) {
            onChange.accept(e.getKey(), null);
        }

        @Override
        public void entryExpired(EntryEvent<String, LedgerEntry> e) {
            onChange.accept(e.getKey(), null);
        }

        @Override
        public void mapCleared(MapEvent event) {
            onClear.run();
        }
    }
}
