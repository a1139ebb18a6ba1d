package io.proxysaas.relay;

/** The event loops and the sockets listening early on them, made together on the start-up thread "listen". */
record EarlyListening(Transport transport, EarlyListeners listeners) {

    /** Closes the sockets, then the loops. */
    void close() {
        listeners.close();
        transport.close();
    }
}
