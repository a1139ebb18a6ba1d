package io.proxysaas.quota;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.limits.BillingPeriod;
import io.proxysaas.state.ClusterLeader;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The billing-period boundary (Quartz route {@code quota-period-reset}, leader only): every ledger
 * line whose period is over is archived to {@code usage_archive} and starts the customer's current
 * period from zero. A period that a lease request already rolled over is archived from the line's
 * {@code previous*} fields. Lines of deleted customers are archived and dropped.
 */
public final class PeriodReset {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodReset.class);

    private final QuotaLedger ledger;
    private final UsageArchive archive;
    private final CustomerDirectory directory;
    private final QuotaPeriods periods;
    private final ClusterLeader leader;
    private final Clock clock;

    PeriodReset(QuotaLedger ledger, UsageArchive archive, CustomerDirectory directory, QuotaPeriods periods,
                ClusterLeader leader, Clock clock) {
        this.ledger = ledger;
        this.archive = archive;
        this.directory = directory;
        this.periods = periods;
        this.leader = leader;
        this.clock = clock;
    }

    /** Runs on the leader only; returns how many finished periods were archived. */
    public int resetFinishedPeriods() {
        if (leader != null && !leader.isLeader()) {
            return 0;
        }
        Instant now = clock.instant();
        int archived = 0;
        for (Map.Entry<String, LedgerEntry> e : ledger.entries()) {
            archived += resetOne(e.getKey(), e.getValue(), now);
        }
        if (archived > 0) {
            LOG.info("Quota period reset: archived {} finished billing periods", archived);
        }
        return archived;
    }

    private int resetOne(String username, LedgerEntry line, Instant now) {
        int archived = 0;
        if (line.previousPeriod() != null) {
            archive.archive(username, line.previousPeriod(), line.previousLeased(), line.previousQuota());
            ledger.forgetPrevious(username, line.previousPeriod());
            archived++;
        }
        Customer customer = directory.byUsername(username).orElse(null);
        BillingPeriod current = periods.of(customer, now);
        if (LedgerEntry.isBefore(line.period(), current.key())) {
            archive.archive(username, line.period(), line.leased(), line.quota());
            archived++;
            if (customer == null) {
                ledger.remove(username);
            } else {
                ledger.roll(username, line.period(), current);
            }
        }
        return archived;
    }
}
