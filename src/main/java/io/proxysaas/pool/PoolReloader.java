package io.proxysaas.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code proxy.txt} into the pool and applies later edits as a diff: only ports whose
 * upstream changed or disappeared lose their listener and live connections; unchanged ports are
 * not touched. Ports that cannot be bound are retried in the background. Every trigger (SIGHUP,
 * file watcher, admin API, retry) runs under this object's lock, one at a time.
 */
public final class PoolReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PoolReloader.class);
    private static final int MAX_PROBLEMS_LOGGED = 100;

    private final Path file;
    private final int portBase;
    private final InMemoryUpstreamPool pool;
    private final ListenerControl listeners;
    private final Supplier<PortConnections> connections;
    private final Duration retryInterval;
    private final boolean watch;
    private final PoolParser parser = new PoolParser();
    private final Map<Integer, String> pendingBinds = new TreeMap<>();
    private PoolFileSnapshot.Fingerprint loaded;
    private String watchError;
    private ScheduledExecutorService background;
    private HangupSignal hangup;

    public PoolReloader(Path file, int portBase, InMemoryUpstreamPool pool, ListenerControl listeners,
                        Supplier<PortConnections> connections, Duration retryInterval, boolean watch) {
        this.file = file;
        this.portBase = portBase;
        this.pool = pool;
        this.listeners = listeners;
        this.connections = connections;
        this.retryInterval = retryInterval;
        this.watch = watch;
    }

    public Path file() {
        return file;
    }

    /** Reads and parses the file without applying it: fails fast, naming the path, when it is unusable. */
    public PoolFile check() {
        return parser.parse(PoolFileSnapshot.read(file).text(), portBase);
    }

    /** Starts the bind-retry task and the SIGHUP handler; call once the listeners can be bound. */
    public synchronized void start() {
        if (background != null) {
            return;
        }
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pool-reloader");
            t.setDaemon(true);
            return t;
        });
        long retryMillis = Math.max(100, retryInterval.toMillis());
        background.scheduleWithFixedDelay(this::retryPendingBinds, retryMillis, retryMillis, TimeUnit.MILLISECONDS);
        ScheduledExecutorService executor = background;
        hangup = HangupSignal.install(() -> onHangup(executor));
    }

    /**
     * On the JVM's signal thread: says the signal arrived (so an operator sees it was taken, and a reload
     * that never logs its outcome shows where it stopped) and hands the reload to the reloader's thread.
     * The executor is the one of this start: a signal that reaches a closed reloader is reported, not thrown.
     */
    void onHangup(ScheduledExecutorService executor) {
        LOG.info("pool: SIGHUP received, reloading {}", file);
        try {
            executor.execute(() -> reloadQuietly("SIGHUP"));
        } catch (RejectedExecutionException e) {
            LOG.warn("pool: SIGHUP reached a pool reloader that is closed; nothing reloaded");
        }
    }

    @Override
    public synchronized void close() {
        if (hangup != null) {
            hangup.close();
        }
        if (background != null) {
            background.shutdownNow();
            background = null;
        }
    }

    /** Applies the file's current content. Throws {@link PoolFileException} (pool unchanged) when the file is unusable. */
    public synchronized ReloadReport reload() {
        long start = System.nanoTime();
        PoolFileSnapshot snapshot = PoolFileSnapshot.read(file);
        PoolFile parsed = parser.parse(snapshot.text(), portBase);
        logProblems(parsed.problems());
        Map<Integer, PoolEntry> next = new LinkedHashMap<>();
        parsed.entries().forEach(e -> next.put(e.port(), e));
        Diff diff = new Diff();
        List<Integer> toBind = new ArrayList<>();
        Map<Integer, PoolEntry> updates = new HashMap<>(); // applied to the pool in one snapshot, before binding
        for (PoolEntry old : List.copyOf(pool.entries())) {
            if (!next.containsKey(old.port())) {
                release(old.port(), "upstream removed from " + file.getFileName());
                updates.put(old.port(), null);
                pendingBinds.remove(old.port());
                diff.removed.add(old.port());
            }
        }
        for (PoolEntry entry : next.values()) {
            apply(entry, diff, toBind);
            updates.put(entry.port(), entry);
        }
        pool.putAll(updates);
        bindAll(toBind, diff.failures);
        loaded = snapshot.fingerprint();
        watchError = null;
        return diff.report(parsed.problems(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Sorts the entry into the diff; ports that need a listener are added to {@code toBind}. */
    private void apply(PoolEntry entry, Diff diff, List<Integer> toBind) {
        int port = entry.port();
        PoolEntry old = pool.entry(port).orElse(null);
        if (old != null && old.upstream().equals(entry.upstream())) {
            diff.unchanged.add(port);
            if (pendingBinds.containsKey(port)) {
                diff.failures.add(new BindFailure(port, pendingBinds.get(port)));
            } else if (!listeners.isBound(port)) {
                toBind.add(port);
            }
            return;
        }
        if (old != null) {
            release(port, "upstream of the port changed in " + file.getFileName());
            diff.changed.add(port);
        } else {
            diff.added.add(port);
        }
        toBind.add(port);
    }

    private void release(int port, String reason) {
        listeners.unbind(port);
        connections.get().closeAll(port, reason);
    }

    /** Binds all ports in one call (the listeners batch it: the initial load and big reloads are O(ports)). */
    private void bindAll(List<Integer> ports, List<BindFailure> failures) {
        if (ports.isEmpty()) {
            return;
        }
        Map<Integer, String> failed = new TreeMap<>();
        listeners.bindAll(ports).forEach(e -> failed.put(e.port(), e.getMessage()));
        for (int port : ports) {
            String reason = failed.get(port);
            if (reason == null) {
                pendingBinds.remove(port);
            } else {
                pendingBinds.put(port, reason);
                failures.add(new BindFailure(port, reason));
                LOG.warn("pool: {}; retrying every {} s while the other ports serve", reason, retryInterval.toSeconds());
            }
        }
    }

    /** Whether a SIGHUP reloads the pool (false before {@link #start}, and when the process ignores the signal). */
    public synchronized boolean hangupActive() {
        return hangup != null && hangup.active();
    }

    /** Whether the file has been applied at least once. */
    public synchronized boolean loaded() {
        return loaded != null;
    }

    /** Ports waiting for a bind retry, with the last failure. */
    public synchronized List<BindFailure> pendingBinds() {
        List<BindFailure> out = new ArrayList<>();
        pendingBinds.forEach((port, reason) -> out.add(new BindFailure(port, reason)));
        return out;
    }

    /** Retries every port that could not be bound; the ones still failing stay pending. */
    public synchronized void retryPendingBinds() {
        for (Integer port : new TreeSet<>(pendingBinds.keySet())) {
            try {
                listeners.retry(port);
                pendingBinds.remove(port);
                LOG.info("pool: port {} bound on retry", port);
            } catch (ListenerControl.BindFailedException e) {
                pendingBinds.put(port, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("pool: retrying port {} failed unexpectedly: {}", port, e.toString());
            }
        }
    }

    /** Called by the watcher route: reloads when the file's content changed since the last load. */
    public void checkForChange() {
        if (!watch) {
            return;
        }
        PoolFileSnapshot.Fingerprint before;
        synchronized (this) {
            before = loaded;
        }
        try {
            PoolFileSnapshot.Fingerprint now = PoolFileSnapshot.stat(file);
            if (now.sameStat(before)) {
                return;
            }
            PoolFileSnapshot.Fingerprint content = PoolFileSnapshot.read(file).fingerprint();
            if (content.sameContent(before)) {
                synchronized (this) {
                    loaded = content;
                }
                return;
            }
        } catch (PoolFileException e) {
            synchronized (this) {
                if (!e.getMessage().equals(watchError)) {
                    LOG.error("pool: {}; still serving the previous pool", e.getMessage());
                    watchError = e.getMessage();
                }
            }
            return;
        }
        reloadQuietly("file change");
    }

    /** A reload from a trigger with nobody to answer: the outcome goes to the log. */
    public void reloadQuietly(String trigger) {
        try {
            ReloadReport report = reload();
            LOG.info("pool: reloaded on {}: {}", trigger, report.summary());
        } catch (RuntimeException e) {
            LOG.error("pool: reload on {} failed, still serving the previous pool: {}", trigger, e.getMessage(), e);
        }
    }

    private void logProblems(List<PoolProblem> problems) {
        problems.stream().limit(MAX_PROBLEMS_LOGGED).forEach(p -> LOG.warn("pool: {} ({})", p, file));
        if (problems.size() > MAX_PROBLEMS_LOGGED) {
            LOG.warn("pool: ... and {} more problems in {}", problems.size() - MAX_PROBLEMS_LOGGED, file);
        }
    }

    /** The ports sorted into what happened to them during one reload. */
    private static final class Diff {
        final List<Integer> added = new ArrayList<>();
        final List<Integer> changed = new ArrayList<>();
        final List<Integer> removed = new ArrayList<>();
        final List<Integer> unchanged = new ArrayList<>();
        final List<BindFailure> failures = new ArrayList<>();

        ReloadReport report(List<PoolProblem> problems, long tookMillis) {
            return new ReloadReport(added, changed, removed, unchanged, problems, failures, tookMillis);
        }
    }
}
