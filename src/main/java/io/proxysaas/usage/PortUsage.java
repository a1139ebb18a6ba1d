package io.proxysaas.usage;

import java.io.Serializable;

/** A relay port's bytes in one billing period (value of the Hazelcast map {@code port_usage}, row of {@code port_usage}). */
public record PortUsage(String period, long bytesIn, long bytesOut) implements Serializable {

    /** Same period rule as {@link CustomerUsage#add}: a newer period starts afresh, an older one is folded in. */
    public static PortUsage add(PortUsage old, String deltaPeriod, long in, long out) {
        if (old == null || old.period().compareTo(deltaPeriod) < 0) {
            return new PortUsage(deltaPeriod, in, out);
        }
        return new PortUsage(old.period(), old.bytesIn() + in, old.bytesOut() + out);
    }
}
