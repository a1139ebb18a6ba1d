package io.proxysaas.pool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Opens and closes the local listening port of one pool entry. */
public interface ListenerControl {

    /** Starts accepting on {@code port}; a port already bound is left as is. */
    void bind(int port) throws BindFailedException;

    /**
     * Binds many ports at once; a port that cannot be bound does not stop the others. Returns one
     * failure per port that could not be bound (empty when all serve).
     */
    default List<BindFailedException> bindAll(Collection<Integer> ports) {
        List<BindFailedException> failures = new ArrayList<>();
        for (int port : ports) {
            try {
                bind(port);
            } catch (BindFailedException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /**
     * Binds a port that failed before (the bind-retry task): the same as {@link #bind}, but an
     * implementation may first check cheaply whether the port is still taken.
     */
    default void retry(int port) throws BindFailedException {
        bind(port);
    }

    /** Stops accepting on {@code port} (live connections are the caller's business); unknown ports are ignored. */
    void unbind(int port);

    boolean isBound(int port);

    /** A port that could not be bound; the message names the port, the address and the cause. */
    final class BindFailedException extends Exception {
        private final int port;

        public BindFailedException(int port, String message, Throwable cause) {
            super(message, cause);
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
