package io.proxysaas.access;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact live socket counts of this node: per customer, per customer and port, per customer and
 * client IP. All counts of one customer change together under that customer's map entry, so a
 * cap check and its increment are one atomic step ({@link #tryOpen}); a count disappears at zero
 * and an idle customer costs nothing.
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
        RefusalReason[] refused = new RefusalReason[1];
        customers.compute(username, (user, counts) -> {
            Counts c = counts == null ? new Counts() : counts;
            refused[0] = c.tryOpen(port, clientIp, ipCap, portCap, totalCap);
            return c.total == 0 ? null : c;
        });
        return refused[0];
    }

    /** Never below zero: a stray second release must not hide a live socket from the limits. */
    public void closed(String username, int port, String clientIp) {
        customers.computeIfPresent(username, (user, c) -> {
            c.close(port, clientIp);
            return c.total == 0 ? null : c;
        });
    }

    public int total(String username) {
        int[] out = new int[1];
        customers.computeIfPresent(username, (user, c) -> {
            out[0] = c.total;
            return c;
        });
        return out[0];
    }

    public int onPort(String username, int port) {
        int[] out = new int[1];
        customers.computeIfPresent(username, (user, c) -> {
            out[0] = Counts.get(c.ports, port);
            return c;
        });
        return out[0];
    }

    public int fromIp(String username, String clientIp) {
        int[] out = new int[1];
        customers.computeIfPresent(username, (user, c) -> {
            out[0] = Counts.get(c.ips, clientIp);
            return c;
        });
        return out[0];
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

    /** One customer's counts; only touched inside the map's per-key compute (which locks). */
    private static final class Counts {
        int total;
        final HashMap<Integer, int[]> ports = new HashMap<>(4);
        final HashMap<String, int[]> ips = new HashMap<>(4);

        RefusalReason tryOpen(int port, String ip, int ipCap, int portCap, int totalCap) {
            if (ipCap > 0 && get(ips, ip) >= ipCap) {
                return RefusalReason.IP_THREADS;
            }
            if (portCap > 0 && get(ports, port) >= portCap) {
                return RefusalReason.PORT_THREADS;
            }
            if (totalCap > 0 && total >= totalCap) {
                return RefusalReason.CLUSTER_THREADS;
            }
            total++;
            ports.computeIfAbsent(port, k -> new int[1])[0]++;
            ips.computeIfAbsent(ip, k -> new int[1])[0]++;
            return null;
        }

        void close(int port, String ip) {
            int[] p = ports.get(port);
            int[] i = ips.get(ip);
            if (p == null || i == null) {
                return;
            }
            total--;
            if (--p[0] == 0) {
                ports.remove(port);
            }
            if (--i[0] == 0) {
                ips.remove(ip);
            }
        }

        static <K> int get(HashMap<K, int[]> map, K key) {
            int[] n = map.get(key);
            return n == null ? 0 : n[0];
        }
    }
}
