package io.proxysaas.quota;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.Plan;
import io.proxysaas.state.ClusterLeader;
import io.proxysaas.usage.UsageTotals;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The leader's alert check (route {@code quota-alerts}): every customer's due alerts not sent before,
 * as webhook bodies {@code {"type","username","at","detail"}} for {@code seda:alerts}. Bytes used =
 * the larger of the usage counters and the quota ledger's leased bytes (whichever is further along).
 */
public final class AlertCheck {

    private final CustomerDirectory directory;
    private final Supplier<UsageTotals> usage;
    private final LedgerView ledger;
    private final QuotaPeriods periods;
    private final SentAlerts sent;
    private final ClusterLeader leader;
    private final Clock clock;

    AlertCheck(CustomerDirectory directory, Supplier<UsageTotals> usage, LedgerView ledger, QuotaPeriods periods,
               SentAlerts sent, ClusterLeader leader, Clock clock) {
        this.directory = directory;
        this.usage = usage;
        this.ledger = ledger;
        this.periods = periods;
        this.sent = sent;
        this.leader = leader;
        this.clock = clock;
    }

    /** The alerts to send now (empty on a node that is not the leader). */
    public List<Map<String, Object>> dueAlerts() {
        if (leader != null && !leader.isLeader()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Customer c : directory.customers()) {
            long quota = c.plan() == null ? 0 : directory.plan(c.plan()).map(Plan::monthlyQuotaBytes).orElse(0L);
            long used = quota <= 0 ? 0 : Math.max(usage.get().bytesUsed(c.username()),
                    ledger.leased(c.username(), now.toEpochMilli()));
            String period = periods.of(c, now).key();
            for (AlertRules.Alert alert : AlertRules.due(c.username(), quota, used, period, c.expiresAt(), now)) {
                if (sent.claim(alert)) {
                    out.add(body(alert, now));
                }
            }
        }
        return out;
    }

    static Map<String, Object> body(AlertRules.Alert alert, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", alert.type());
        m.put("username", alert.username());
        m.put("at", now.toString());
        m.put("detail", alert.detail());
        return m;
    }
}
