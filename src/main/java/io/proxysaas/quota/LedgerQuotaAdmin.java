package io.proxysaas.quota;

import com.hazelcast.core.HazelcastInstance;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.Plan;
import io.proxysaas.limits.BillingPeriod;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resets a customer's quota for the current period: the ledger line starts from zero (every node
 * hears it through the entry listener, so admission admits again at once) and, when the usage
 * pipeline keeps a {@code usage} IMap entry for the customer, that period counter is dropped too.
 */
final class LedgerQuotaAdmin implements QuotaAdmin {

    static final String USAGE_MAP = "usage";

    private final QuotaLedger ledger;
    private final CustomerDirectory directory;
    private final QuotaPeriods periods;
    private final HazelcastInstance hazelcast;

    LedgerQuotaAdmin(QuotaLedger ledger, CustomerDirectory directory, QuotaPeriods periods, HazelcastInstance hazelcast) {
        this.ledger = ledger;
        this.directory = directory;
        this.periods = periods;
        this.hazelcast = hazelcast;
    }

    @Override
    public Map<String, Object> reset(String username) {
        Customer customer = directory.byUsername(username)
                .orElseThrow(() -> new IllegalArgumentException("no customer " + username));
        long quota = directory.plan(customer.plan()).map(Plan::monthlyQuotaBytes).orElse(0L);
        BillingPeriod period = periods.current(customer);
        LedgerEntry before = ledger.reset(username, period, quota);
        boolean usageReset = false;
        var usage = hazelcast.getMap(USAGE_MAP);
        if (usage.containsKey(username)) {
            usage.delete(username);
            usageReset = true;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", username);
        view.put("period", period.key());
        view.put("quota_bytes", quota);
        view.put("leased_before", before == null || !before.period().equals(period.key()) ? 0 : before.leased());
        view.put("leased_after", 0);
        view.put("usage_reset", usageReset);
        return view;
    }
}
