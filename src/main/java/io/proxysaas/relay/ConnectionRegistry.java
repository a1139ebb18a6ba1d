package io.proxysaas.relay;

import io.proxysaas.pool.PortConnections;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every live admitted socket of this node, indexed by customer, client IP and port, so that a kick,
 * a ban or a pool reload is a lookup and a close.
 */
public final class ConnectionRegistry implements PortConnections {

    private final Map<String, Set<RelaySession>> byCustomer = new ConcurrentHashMap<>();
    private final Map<String, Set<RelaySession>> byClientIp = new ConcurrentHashMap<>();
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

    void add(RelaySession session) {
        put(byCustomer, session.username(), session);
        put(byClientIp, session.clientIp(), session);
        put(byPort, session.port(), session);
        total.incrementAndGet();
        listeners.forEach(l -> l.added(session));
    }

    void remove(RelaySession session) {
        boolean removed = take(byPort, session.port(), session);
        take(byCustomer, session.username(), session);
        take(byClientIp, session.clientIp(), session);
        if (removed) {
            total.decrementAndGet();
            listeners.forEach(l -> l.removed(session));
        }
    }

    /** Closes all of a customer's sockets on this node; returns how many were asked to close. */
    public int closeCustomer(String username, String reason) {
        return closeAll(byCustomer.get(username), reason);
    }

    public int closeClientIp(String ip, String reason) {
        return closeAll(byClientIp.get(ip), reason);
    }

    @Override
    public void closeAll(int port, String reason) {
        closeAll(byPort.get(port), reason);
    }

    public int liveForCustomer(String username) {
        Set<RelaySession> set = username == null ? null : byCustomer.get(username);
        return set == null ? 0 : set.size();
    }

    public int liveForClientIp(String ip) {
        Set<RelaySession> set = ip == null ? null : byClientIp.get(ip);
        return set == null ? 0 : set.size();
    }

    @Override
    public int live(int port) {
        Set<RelaySession> set = byPort.get(port);
        return set == null ? 0 : set.size();
    }

    public int total() {
        return total.get();
    }

    private static int closeAll(Set<RelaySession> sessions, String reason) {
        if (sessions == null) {
            return 0;
        }
        var copy = new ArrayList<>(sessions);
        copy.forEach(s -> s.close(reason));
        return copy.size();
    }

    private static <K> void put(Map<K, Set<RelaySession>> index, K key, RelaySession session) {
        if (key != null) {
            index.compute(key, (k, set) -> {
                Set<RelaySession> s = set == null ? ConcurrentHashMap.newKeySet() : set;
                s.add(session);
                return s;
            });
        }
    }

    private static <K> boolean take(Map<K, Set<RelaySession>> index, K key, RelaySession session) {
        if (key == null) {
            return false;
        }
        boolean[] removed = {false};
        index.computeIfPresent(key, (k, set) -> {
            removed[0] = set.remove(session);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }
}
