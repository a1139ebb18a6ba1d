package io.proxysaas.pool;

/** A local port bound to one upstream, with the {@code proxy.txt} line it came from (1-based). */
public record PoolEntry(int port, int line, Upstream upstream) {
}
