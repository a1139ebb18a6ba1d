package io.proxysaas.enforce;

import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide count of failed authentications per IP (SPEC §4): this node keeps the failures it
 * has not published yet and sends them on its own thread, {@code publishEvery} after the first of a
 * batch or at once when asked ({@link #record} urgent), to the IMap {@code ip-failures} through {@link FailureTally}. The node
 * whose batch makes the count reach the limit is told ({@code reached}) and blocks the IP. The thread
 * that reports a failure (an event loop, an HTTP worker) never makes a remote call. With nothing
 * pending the thread sleeps: a timer ticking every 200 ms to find nothing cost an idle node a
 * thread wake-up five times a second.
 */
final class ClusterFailures implements AutoCloseable {

    static final String MAP = "ip-failures";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailures.class);

    private final IMap<String, long[]> counts;
    private final Map<String, long[]> pending = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final long windowMillis;
    private final int maxTracked;
    private final Clock clock;
    private final Consumer<String> reached;
    private final ScheduledExecutorService publisher;
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** A batch's flush is scheduled ({@code publishEvery} after its first failure). */
    private final AtomicBoolean tickArmed = new AtomicBoolean();
    private final long publishEveryMillis;

    ClusterFailures(IMap<String, long[]> counts, FailureCounter local, int maxTracked, Duration publishEvery,
                    Clock clock, Consumer<String> reached) {
        if (publishEvery.toMillis() < 10) {
            throw new IllegalArgumentException("bruteforce.publish-interval must be at least 10 ms, got " + publishEvery);
        }
        this.counts = counts;
        this.maxFailures = local.maxFailures();
        this.windowMillis = local.windowMillis();
        this.maxTracked = maxTracked;
        this.clock = clock;
        this.reached = reached;
        this.publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bruteforce-publish");
            t.setDaemon(true);
            return t;
        });
        this.publishEveryMillis = publishEvery.toMillis();
    }

    /** Keeps a failure at {@code at} for the next batch; {@code urgent}: publish now rather than at the next tick. */
    void record(String ip, long at, boolean urgent) {
        if (pending.size() >= maxTracked && !pending.containsKey(ip)) {
            flushSoon(); // a distributed attack: publish what we hold rather than grow without bound
            return;
        }
        pending.merge(ip, new long[] {at}, (held, one) -> FailureWindow.append(held, one[0], maxFailures));
        if (urgent) {
            flushSoon();
        } else {
            armTick();
        }
    }

    /** The first failure of a batch schedules its publication; later ones ride along. */
    private void armTick() {
        flushOnce(tickArmed, publishEveryMillis);
    }

    /**
     * Schedules one flush in {@code delayMillis} unless {@code queued} says one is already on its way;
     * the flag drops as the flush starts, so what is recorded from then on queues the next one.
     */
    private void flushOnce(AtomicBoolean queued, long delayMillis) {
        if (queued.compareAndSet(false, true)) {
            try {
                publisher.schedule(() -> {
                    queued.set(false);
                    flush();
                }, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                queued.set(false); // stopping: nothing more is published
            }
        }
    }

    /** Publishes everything pending: one asynchronous entry-processor call per IP. */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (String ip : pending.keySet()) {
            long[] times = pending.remove(ip);
            if (times != null) {
                publish(ip, times, now);
            }
        }
    }

    private void publish(String ip, long[] times, long now) {
        try {
            counts.submitToKey(ip, new FailureTally(times, now, windowMillis, maxFailures))
                    .whenCompleteAsync((count, error) -> {
                        if (error != null) {
                            LOG.warn("Failures of {} not added to the cluster-wide count: {}", ip, error.toString());
                        } else if (count >= maxFailures) {
                            reached.accept(ip);
                        }
                    }, publisher);
        } catch (RuntimeException e) { // member shutting down
            LOG.debug("Failures of {} not published: {}", ip, e.toString());
        }
    }

    /** Drops this node's unpublished failures of {@code ip} (a block began or was lifted somewhere). */
    void forgetPending(String ip) {
        pending.remove(ip);
    }

    /** Starts the cluster-wide count of {@code ip} again, without waiting (a block was decided here). */
    void clearAsync(String ip) {
        pending.remove(ip);
        counts.deleteAsync(ip).whenComplete((done, error) -> {
            if (error != null) {
                LOG.debug("Cluster-wide failures of {} not cleared: {}", ip, error.toString());
            }
        });
    }

    /** As {@link #clearAsync}, waiting for the cluster (admin calls). */
    void clear(String ip) {
        pending.remove(ip);
        counts.delete(ip);
    }

    /** Failures of {@code ip} inside the window, cluster-wide, as published so far (a remote read: admin and tests). */
    int count(String ip) {
        long[] times = counts.get(ip);
        return times == null ? 0 : FailureWindow.prune(times, clock.millis(), windowMillis).length;
    }

    private void flushSoon() {
        flushOnce(flushQueued, 0);
    }

    @Override
    public void close() {
        publisher.shutdownNow();
    }
}
