package io.proxysaas.usage;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Adds one batch's delta to a customer's counters where the entry lives (one call per customer per
 * batch); the same processor runs on the backup, so the backup stays exact.
 */
public record UsageIncrement(String period, long bytesIn, long bytesOut, long connections)
        implements EntryProcessor<String, CustomerUsage, CustomerUsage> {

    @Override
    public CustomerUsage process(Map.Entry<String, CustomerUsage> entry) {
        CustomerUsage next = CustomerUsage.add(entry.getValue(), period, bytesIn, bytesOut, connections);
        entry.setValue(next);
        return next;
    }
}
