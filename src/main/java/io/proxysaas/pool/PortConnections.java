package io.proxysaas.pool;

/** Live customer connections per local port, as the pool needs them on reload and in the API. */
public interface PortConnections {

    int live(int port);

    /** Closes every live connection on {@code port} (its upstream changed or went away). */
    void closeAll(int port, String reason);

    PortConnections NONE = new PortConnections() {
        @Override
        public int live(int port) {
            return 0;
        }

        @Override
        public void closeAll(int port, String reason) {
        }
    };
}
