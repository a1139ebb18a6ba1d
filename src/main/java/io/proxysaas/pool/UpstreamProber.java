package io.proxysaas.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic health probe: CONNECTs through every upstream of the pool to a target and reports
 * up (with latency) or down (with the reason) to the pool. Runs on its own bounded set of
 * threads, never on a Netty event loop; a run that is still going makes the next one skip.
 */
public final class UpstreamProber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamProber.class);

    private final UpstreamPool pool;
    private final String targetHost;
    private final int targetPort;
    private final int timeoutMillis;
    private final ThreadPoolExecutor executor;
    private final AtomicBoolean running = new AtomicBoolean();

    /** The outcome of one run over the whole pool. */
    public record ProbeSummary(int up, int down, long tookMillis, boolean skipped) {
    }

    /** {@code target} is {@code host:port} or {@code [ipv6]:port}. */
    public UpstreamProber(UpstreamPool pool, String target, int concurrency, Duration timeout) {
        this.pool = pool;
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || !target.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("pool.probe.target=" + target + ": expected host:port");
        }
        this.targetHost = target.substring(0, colon).replace("[", "").replace("]", "");
        this.targetPort = Integer.parseInt(target.substring(colon + 1));
        this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
        int threads = Math.max(1, concurrency);
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "pool-probe-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Probes every entry of the pool (at most {@code concurrency} at once) and waits for all of them. */
    public ProbeSummary probeAll() throws InterruptedException {
        if (!running.compareAndSet(false, true)) {
            LOG.info("pool: health probe still running, this run is skipped");
            return new ProbeSummary(0, 0, 0, true);
        }
        long start = System.nanoTime();
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (PoolEntry entry : pool.entries()) {
                results.add(executor.submit(() -> probe(entry)));
            }
            int up = 0;
            for (Future<Boolean> result : results) {
                try {
                    up += result.get() ? 1 : 0;
                } catch (ExecutionException e) {
                    LOG.warn("pool: probe crashed: {}", e.getCause().toString());
                }
            }
            long took = (System.nanoTime() - start) / 1_000_000;
            LOG.info("pool: health probe: {} up, {} down, {} ms", up, results.size() - up, took);
            return new ProbeSummary(up, results.size() - up, took, false);
        } finally {
            running.set(false);
        }
    }

    /** Probes one entry and reports the outcome; true when it is up. */
    public boolean probe(PoolEntry entry) {
        Upstream upstream = entry.upstream();
        long start = System.nanoTime();
        try {
            UpstreamHandshake.connectThrough(upstream, targetHost, targetPort, timeoutMillis);
            report(entry, true, Math.max(0, (System.nanoTime() - start) / 1_000_000), null);
            return true;
        } catch (IOException | RuntimeException e) {
            String error = scrub(upstream.display() + ": " + e.getMessage(), upstream.password());
            report(entry, false, -1, error);
            LOG.debug("pool: port {} down: {}", entry.port(), error);
            return false;
        }
    }

    /** Reports only if the port still has this upstream: a reload during the probe wins. */
    private void report(PoolEntry entry, boolean up, long latencyMs, String error) {
        boolean current = pool.entry(entry.port()).map(e -> e.upstream().equals(entry.upstream())).orElse(false);
        if (!current) {
            return;
        }
        if (up) {
            pool.reportSuccess(entry.port(), latencyMs);
        } else {
            pool.reportFailure(entry.port(), error);
        }
    }

    /** Belt and braces: no message built here holds the password, but an exception text might echo it. */
    static String scrub(String text, String password) {
        return password == null || password.isEmpty() ? text : text.replace(password, "****");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
