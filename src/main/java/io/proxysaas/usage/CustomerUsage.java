package io.proxysaas.usage;

import java.io.Serializable;

/**
 * A customer's counters in one billing period (value of the Hazelcast map {@code usage}, row of
 * {@code usage_current}).
 *
 * @param period {@code YYYY-MM} key of the {@link io.proxysaas.limits.BillingPeriod}
 * @param bytesIn bytes received from the customer (upload)
 * @param bytesOut bytes sent to the customer (download)
 * @param connections sockets opened (admitted)
 */
public record CustomerUsage(String period, long bytesIn, long bytesOut, long connections) implements Serializable {

    public long bytesUsed() {
        return bytesIn + bytesOut;
    }

    /**
     * These counters plus one batch's delta measured in {@code deltaPeriod}. A newer period starts
     * afresh; a delta of an older period (a batch that waited across the boundary) is added to the
     * current period rather than lost, so nothing counted ever disappears.
     */
    public static CustomerUsage add(CustomerUsage old, String deltaPeriod, long in, long out, long connections) {
        if (old == null || old.period().compareTo(deltaPeriod) < 0) {
            return new CustomerUsage(deltaPeriod, in, out, connections);
        }
        return new CustomerUsage(old.period(), old.bytesIn() + in, old.bytesOut() + out, old.connections() + connections);
    }
}
