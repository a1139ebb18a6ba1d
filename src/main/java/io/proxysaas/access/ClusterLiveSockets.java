package io.proxysaas.access;

/**
 * The cluster-wide count of a customer's live sockets (sum of every node's exact count, refreshed
 * about every second): read by the strike sweep and by strict thread mode.
 */
@FunctionalInterface
public interface ClusterLiveSockets {

    long live(String username);

    ClusterLiveSockets NONE = username -> 0;
}
