package io.proxysaas.usage;

import java.time.Instant;
import java.util.Map;

/**
 * One report interval of this node's traffic, folded per customer and per port: the body of one
 * exchange on {@code seda:usage}. Deltas, not totals: applying a batch twice would count twice.
 *
 * @param at when the interval ended (decides the billing period the bytes belong to)
 */
public record UsageBatch(Instant at, Map<String, Delta> customers, Map<Integer, Delta> ports) {

    public UsageBatch {
        customers = Map.copyOf(customers);
        ports = Map.copyOf(ports);
    }

    public boolean isEmpty() {
        return customers.isEmpty() && ports.isEmpty();
    }

    /** Bytes in and out and sockets opened during the interval. */
    public record Delta(long bytesIn, long bytesOut, long connections) {

        public Delta plus(long in, long out, long opened) {
            return new Delta(bytesIn + in, bytesOut + out, connections + opened);
        }
    }
}
