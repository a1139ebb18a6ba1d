package io.proxysaas.relay;

import io.proxysaas.pool.PortConnections;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every live admitted socket of this node, indexed by port, so that a pool reload is a lookup and a
 * close. A kick or a ban (by customer or client IP) is rare next to a socket's arrival and departure,
 * so it scans the live sockets instead of every socket paying for two more indexes: adding and
 * removing a socket is one set operation on its port's set (a port's set stays once made; ports are few).
 */
public final class ConnectionRegistry implements PortConnections {

    private final Map<Integer, Set<RelaySession>> byPort = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final java.util.List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Told, on the socket's event loop, when an admitted socket joins and when it leaves (e.g. usage metering). */
    public interface Listener {
        void added(RelaySession session);

        /** Called once per added socket, after it closed: its byte counters are final. */
        void removed(RelaySession session);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    private volatile ByteBudgets budgets = ByteBudgets.NONE;

    /** Installs the quota's per-socket budgets (the quota module does, after the relay is wired). */
    public void useBudgets(ByteBudgets budgets) {
        this.budgets = budgets == null ? ByteBudgets.NONE : budgets;
    }

    ByteBudget budgetFor(io.proxysaas.access.Admission.Grant grant) {
        return budgets.forGrant(grant);
    }

    /** The customers with at least one live socket on this node (a snapshot, for sweeps). */
    public java.util.Set<String> customers() {
        java.util.Set<String> names = new java.util.HashSet<>();
        forEachLive(s -> {
            if (s.username() != null) {
                names.add(s.username());
            }
        });
        return java.util.Set.copyOf(names);
    }

    void add(RelaySession session) {
        Set<RelaySession> set = byPort.get(session.port());
        if (set == null) {
            set = byPort.computeIfAbsent(session.port(), p -> ConcurrentHashMap.newKeySet());
        }
        if (set.add(session)) {
            total.incrementAndGet();
            listeners.forEach(l -> l.added(session));
        }
    }

    void remove(RelaySession session) {
        Set<RelaySession> set = byPort.get(session.port());
        if (set != null && set.remove(session)) {
            total.decrementAndGet();
            listeners.forEach(l -> l.removed(session));
        }
    }

    /** Closes all of a customer's sockets on this node; returns how many were asked to close. */
    public int closeCustomer(String username, String reason) {
        return closeAll(matching(s -> username.equals(s.username())), reason);
    }

    public int closeClientIp(String ip, String reason) {
        return closeAll(matching(s -> ip.equals(s.clientIp())), reason);
    }

    @Override
    public void closeAll(int port, String reason) {
        Set<RelaySession> set = byPort.get(port);
        if (set != null) {
            closeAll(new ArrayList<>(set), reason);
        }
    }

    public int liveForCustomer(String username) {
        return username == null ? 0 : matching(s -> username.equals(s.username())).size();
    }

    public int liveForClientIp(String ip) {
        return ip == null ? 0 : matching(s -> ip.equals(s.clientIp())).size();
    }

    @Override
    public int live(int port) {
        Set<RelaySession> set = byPort.get(port);
        return set == null ? 0 : set.size();
    }

    public int total() {
        return total.get();
    }

    private void forEachLive(java.util.function.Consumer<RelaySession> action) {
        for (Set<RelaySession> set : byPort.values()) {
            set.forEach(action);
        }
    }

    private java.util.List<RelaySession> matching(java.util.function.Predicate<RelaySession> which) {
        java.util.List<RelaySession> found = new ArrayList<>();
        forEachLive(s -> {
            if (which.test(s)) {
                found.add(s);
            }
        });
        return found;
    }

    private static int closeAll(java.util.List<RelaySession> sessions, String reason) {
        sessions.forEach(s -> s.close(reason));
        return sessions.size();
    }
}
