package io.proxysaas.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact live socket counts of this node: per customer, per customer and port, per customer and
 * client IP. Each count changes atomically and disappears at zero, so idle customers cost nothing.
 */
public final class LiveSockets {

    private final Map<String, Integer> perCustomer = new ConcurrentHashMap<>();
    private final Map<PortKey, Integer> perPort = new ConcurrentHashMap<>();
    private final Map<IpKey, Integer> perIp = new ConcurrentHashMap<>();

    public void opened(String username, int port, String clientIp) {
        perCustomer.merge(username, 1, Integer::sum);
        perPort.merge(new PortKey(username, port), 1, Integer::sum);
        perIp.merge(new IpKey(username, clientIp), 1, Integer::sum);
    }

    public void closed(String username, int port, String clientIp) {
        decrement(perCustomer, username);
        decrement(perPort, new PortKey(username, port));
        decrement(perIp, new IpKey(username, clientIp));
    }

    public int total(String username) {
        return perCustomer.getOrDefault(username, 0);
    }

    public int onPort(String username, int port) {
        return perPort.getOrDefault(new PortKey(username, port), 0);
    }

    public int fromIp(String username, String clientIp) {
        return perIp.getOrDefault(new IpKey(username, clientIp), 0);
    }

    /** Never below zero: a stray second release must not hide a live socket from the limits. */
    private static <K> void decrement(Map<K, Integer> counts, K key) {
        counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    private record PortKey(String username, int port) {
    }

    private record IpKey(String username, String clientIp) {
    }
}
