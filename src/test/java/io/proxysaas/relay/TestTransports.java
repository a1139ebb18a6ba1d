package io.proxysaas.relay;

/**
 * Event loops for tests: the fastest kind this kernel offers, as the application chooses it, except that
 * {@code RELAY_IO_URING=false} in the environment leaves io_uring out as it does for the application (so
 * {@code RELAY_IO_URING=false mvn verify} runs the whole suite on epoll); or Java NIO.
 */
final class TestTransports {

    private TestTransports() {
    }

    /** The fastest kind allowed, {@code workers} loops that accept too. */
    static Transport fastest(int workers) {
        return new Transport(Transport.Kind.choose(true, !"false".equalsIgnoreCase(System.getenv("RELAY_IO_URING"))),
                workers, 0);
    }

    /** The fastest kind allowed when {@code allowNative}, else NIO. */
    static Transport of(boolean allowNative, int workers) {
        return allowNative ? fastest(workers) : nio(workers);
    }

    static Transport nio(int workers) {
        return new Transport(Transport.Kind.NIO, workers, 0);
    }
}
