package io.proxysaas.usage;

import io.proxysaas.relay.RelaySession;
import java.time.Duration;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes the counters at shutdown. Camel stops the routes first (the listeners accept nothing new,
 * {@code seda:usage} is drained), then services in reverse order: this one (added after the relay's)
 * closes the remaining customer sockets, waits a bounded time for their final counts, applies the
 * last batch directly, and only then the relay's event loops and the Hazelcast member stop (the
 * member's graceful shutdown writes the write-behind queue to MariaDB).
 */
final class UsageShutdown extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(UsageShutdown.class);

    private final UsageReporter reporter;
    private final UsageLedger ledger;
    private final ClusterLiveView view;
    private final Duration drain;
    private final Duration poll;

    UsageShutdown(UsageReporter reporter, UsageLedger ledger, ClusterLiveView view, Duration drain, Duration interval) {
        this.reporter = reporter;
        this.ledger = ledger;
        this.view = view;
        this.drain = drain;
        this.poll = Duration.ofMillis(Math.max(10, Math.min(100, interval.toMillis() / 10)));
    }

    @Override
    protected void doStop() throws Exception {
        int open = reporter.liveSockets();
        reporter.sockets().forEach(s -> {
            if (s instanceof RelaySession session) {
                session.close("shutdown");
            }
        });
        long deadline = System.nanoTime() + drain.toNanos();
        while (reporter.liveSockets() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(poll.toMillis()); // bounded wait for the event loops to run the closes
        }
        if (reporter.liveSockets() > 0) {
            LOG.warn("{} sockets still open after {}: their bytes since the last report are flushed as they stand",
                    reporter.liveSockets(), drain);
        }
        UsageBatch last = reporter.collect();
        ledger.apply(last);
        LOG.info("Usage flushed at shutdown: {} sockets closed, last batch {} customers / {} ports",
                open, last.customers().size(), last.ports().size());
        view.withdraw();
        ledger.close();
    }
}
