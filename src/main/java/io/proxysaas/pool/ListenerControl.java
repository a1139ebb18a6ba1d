package io.proxysaas.pool;

/** Opens and closes the local listening port of one pool entry. */
public interface ListenerControl {

    /** Starts accepting on {@code port}; a port already bound is left as is. */
    void bind(int port) throws BindFailedException;

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
