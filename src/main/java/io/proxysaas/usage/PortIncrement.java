package io.proxysaas.usage;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/** Adds one batch's delta to a port's counters where the entry lives (one call per port per batch). */
public record PortIncrement(String period, long bytesIn, long bytesOut)
        implements EntryProcessor<Integer, PortUsage, PortUsage> {

    @Override
    public PortUsage process(Map.Entry<Integer, PortUsage> entry) {
        PortUsage next = PortUsage.add(entry.getValue(), period, bytesIn, bytesOut);
        entry.setValue(next);
        return next;
    }
}
