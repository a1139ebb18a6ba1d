package io.proxysaas.access;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact live socket counts of this node: per customer, per customer and port, per customer and
 * client IP. All counts of one customer change together under that customer's lock, so a cap check
 * and its increment are one atomic step ({@link #tryOpen}). Counting and releasing a socket
 * allocate nothing once the customer is known: a port or IP count disappears at zero, a customer
 * whose count reached zero stays (empty) until {@link #dropIdle} runs, so a customer opening one
 * socket after another does not rebuild its entry each time.
 */
public final class LiveSockets {

    private final ConcurrentHashMap<String, Counts> customers = new ConcurrentHashMap<>();

    /** Counts a socket without any cap. */
    public void opened(String username, int port, String clientIp) {
        tryOpen(username, port, clientIp, 0, 0, 0);
    }

    /**
     * Counts a socket only if it fits every cap (0 = no cap), checked in admission order.
     *
     * @param ipCap    most sockets of this customer from {@code clientIp} ({@code ip_threads})
     * @param portCap  most sockets of this customer on {@code port} ({@code threads})
     * @param totalCap most sockets of this customer on this node (strict mode)
     * @return null when counted, else the cap that refused it
     */
    public RefusalReason tryOpen(String username, int port, String clientIp, int ipCap, int portCap, int totalCap) {
        while (true) {
            Counts c = customers.get(username);
            if (c == null) {
                Counts fresh = new Counts();
                c = customers.putIfAbsent(username, fresh);
                c = c == null ? fresh : c;
            }
            synchronized (c) {
                if (!c.dropped) {
                    return c.tryOpen(port, clientIp, ipCap, portCap, totalCap);
                }
            }
            // dropIdle removed this entry between our get and our lock: take the current one
        }
    }

    /** Never below zero: a stray second release must not hide a live socket from the limits. */
    public void closed(String username, int port, String clientIp) {
        Counts c = customers.get(username);
        if (c != null) {
            synchronized (c) {
                c.close(port, clientIp);
            }
        }
    }

    public int total(String username) {
        Counts c = customers.get(username);
        if (c == null) {
            return 0;
        }
        synchronized (c) {
            return c.total;
        }
    }

    public int onPort(String username, int port) {
        Counts c = customers.get(username);
        if (c == null) {
            return 0;
        }
        synchronized (c) {
            return c.ports.get(port);
        }
    }

    public int fromIp(String username, String clientIp) {
        Counts c = customers.get(username);
        if (c == null) {
            return 0;
        }
        synchronized (c) {
            return c.ips.get(clientIp);
        }
    }

    /** Every customer with live sockets here and their count (for the cluster view). */
    public Map<String, Integer> totals() {
        Map<String, Integer> out = new HashMap<>();
        customers.forEach((user, ignored) -> {
            int n = total(user);
            if (n > 0) {
                out.put(user, n);
            }
        });
        return out;
    }

    /** Forgets customers without a live socket (a periodic job); returns how many went. */
    public int dropIdle() {
        int dropped = 0;
        for (Map.Entry<String, Counts> e : customers.entrySet()) {
            Counts c = e.getValue();
            synchronized (c) {
                if (c.total == 0 && !c.dropped) {
                    c.dropped = true;
                    customers.remove(e.getKey(), c);
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** How many customers have an entry (live or not yet dropped). */
    int entries() {
        return customers.size();
    }

    /** One customer's counts; only touched under its own lock. */
    private static final class Counts {
        int total;
        /** Set once, with the lock held, when the entry leaves the map: a count must go to the new one. */
        boolean dropped;
        final PortCounts ports = new PortCounts();
        final KeyCounts<String> ips = new KeyCounts<>();

        RefusalReason tryOpen(int port, String ip, int ipCap, int portCap, int totalCap) {
            if (ipCap > 0 && ips.get(ip) >= ipCap) {
                return RefusalReason.IP_THREADS;
            }
            if (portCap > 0 && ports.get(port) >= portCap) {
                return RefusalReason.PORT_THREADS;
            }
            if (totalCap > 0 && total >= totalCap) {
                return RefusalReason.CLUSTER_THREADS;
            }
            total++;
            ports.increment(port);
            ips.increment(ip);
            return null;
        }

        void close(int port, String ip) {
            if (ports.get(port) == 0 || ips.get(ip) == 0) {
                return;
            }
            total--;
            ports.decrement(port);
            ips.decrement(ip);
        }
    }
}
