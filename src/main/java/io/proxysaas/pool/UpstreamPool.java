package io.proxysaas.pool;

import java.util.Collection;
import java.util.Optional;

/**
 * The live pool: which upstream serves each local port and how healthy it is. Read on every
 * new connection, so implementations answer from memory.
 */
public interface UpstreamPool {

    Optional<PoolEntry> entry(int port);

    /** All entries, ordered by port. */
    Collection<PoolEntry> entries();

    UpstreamHealth health(int port);

    /** A connection or probe through the port's upstream succeeded after {@code latencyMs}. */
    void reportSuccess(int port, long latencyMs);

    /** A connection or probe through the port's upstream failed; {@code error} never holds a password. */
    void reportFailure(int port, String error);

    /** Whether the port is currently bound and accepting. */
    boolean isBound(int port);
}
