package io.proxysaas.pool;

import java.util.Collection;

/**
 * Ports already listened on before the pool's routes start (the relay opens them at process start,
 * so early connections queue instead of being refused). Before creating the routes of a load the
 * pool calls {@link #serve} (its entries for those ports are in place by then), and once its first
 * load has bound what it binds {@link #releaseUnclaimed}: sockets of ports no route took are closed.
 */
public interface PreboundPorts {

    /**
     * Starts serving the listening sockets of these ports now, ahead of their routes (creating and
     * starting 1,000 Camel routes takes seconds); each route adopts its port's socket as it starts.
     * Ports without such a socket are ignored.
     */
    void serve(Collection<Integer> ports);

    void releaseUnclaimed();
}
