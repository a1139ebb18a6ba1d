package io.proxysaas.pool;

/**
 * Ports already listened on before the pool's routes start (the relay opens them at process start,
 * so early connections queue instead of being refused). The pool calls {@link #releaseUnclaimed}
 * once its first load has bound what it binds: sockets of ports no route took are closed.
 */
public interface PreboundPorts {

    void releaseUnclaimed();
}
