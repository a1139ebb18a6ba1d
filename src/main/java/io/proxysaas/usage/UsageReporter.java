package io.proxysaas.usage;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Meters this node's live sockets: every report interval ({@link #collect()}, called by the timer
 * of {@code routes/usage.yaml}) and at close, the bytes each socket moved since its last report
 * become one {@link UsageBatch}. Exact: a socket's cumulative counters are read, never reset, and
 * each socket remembers what it already reported, so a tick racing a close can neither lose nor
 * double a byte. Open/close are called on the event loop and only take a short lock.
 */
public final class UsageReporter {

    private final Clock clock;
    private final Map<Object, Meter> live = new ConcurrentHashMap<>();
    private final Object pendingLock = new Object();
    private Folded pending = new Folded();

    public UsageReporter(Clock clock) {
        this.clock = clock;
    }

    /** A socket was admitted; {@code bytesIn}/{@code bytesOut} read its cumulative, monotonic counters. */
    public void opened(Object socket, String username, int port, LongSupplier bytesIn, LongSupplier bytesOut) {
        live.put(socket, new Meter(username, port, bytesIn, bytesOut));
        synchronized (pendingLock) {
            pending.add(username, port, 0, 0, 1);
        }
    }

    /** The socket closed and its counters are final: its last delta goes into the next batch. */
    public void closed(Object socket) {
        Meter meter = live.remove(socket);
        if (meter == null) {
            return;
        }
        long[] delta = meter.take();
        if (delta[0] == 0 && delta[1] == 0) {
            return;
        }
        synchronized (pendingLock) {
            pending.add(meter.username, meter.port, delta[0], delta[1], 0);
        }
    }

    /** The deltas since the previous call: closed sockets' last bytes, opens, and every live socket's progress. */
    public synchronized UsageBatch collect() {
        Folded batch;
        synchronized (pendingLock) {
            batch = pending;
            pending = new Folded();
        }
        for (Meter meter : live.values()) {
            long[] delta = meter.take();
            if (delta[0] != 0 || delta[1] != 0) {
                batch.add(meter.username, meter.port, delta[0], delta[1], 0);
            }
        }
        return new UsageBatch(clock.instant(), batch.customers, batch.ports);
    }

    /** Sockets currently metered on this node. */
    public int liveSockets() {
        return live.size();
    }

    /** The sockets currently metered (the objects given to {@link #opened}), e.g. to close them at shutdown. */
    public java.util.List<Object> sockets() {
        return java.util.List.copyOf(live.keySet());
    }

    /** What one socket already reported; take() is atomic so a tick and the close never report the same bytes. */
    private static final class Meter {
        final String username;
        final int port;
        private final LongSupplier in;
        private final LongSupplier out;
        private long reportedIn;
        private long reportedOut;

        Meter(String username, int port, LongSupplier in, LongSupplier out) {
            this.username = username;
            this.port = port;
            this.in = in;
            this.out = out;
        }

        /** Counters only grow; a stale read from another thread (smaller) is ignored, never reported negative. */
        synchronized long[] take() {
            long nowIn = Math.max(reportedIn, in.getAsLong());
            long nowOut = Math.max(reportedOut, out.getAsLong());
            long[] delta = {nowIn - reportedIn, nowOut - reportedOut};
            reportedIn = nowIn;
            reportedOut = nowOut;
            return delta;
        }
    }

    /** Deltas folded per customer and per port. */
    private static final class Folded {
        final Map<String, UsageBatch.Delta> customers = new HashMap<>();
        final Map<Integer, UsageBatch.Delta> ports = new HashMap<>();

        void add(String username, int port, long in, long out, long opened) {
            UsageBatch.Delta zero = new UsageBatch.Delta(0, 0, 0);
            customers.merge(username, zero.plus(in, out, opened), (a, b) -> a.plus(b.bytesIn(), b.bytesOut(), b.connections()));
            if (in != 0 || out != 0) {
                ports.merge(port, zero.plus(in, out, 0), (a, b) -> a.plus(b.bytesIn(), b.bytesOut(), 0));
            }
        }
    }
}
