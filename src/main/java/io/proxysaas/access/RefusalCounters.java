package io.proxysaas.access;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How many sockets and requests this node refused, per reason (for the API and metrics). */
public final class RefusalCounters {

    private final EnumMap<RefusalReason, LongAdder> counts = new EnumMap<>(RefusalReason.class);

    public RefusalCounters() {
        for (RefusalReason reason : RefusalReason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    public void record(RefusalReason reason) {
        counts.get(reason).increment();
    }

    public long count(RefusalReason reason) {
        return counts.get(reason).sum();
    }

    /** Every reason's count keyed by its code ({@code port_threads}), in admission order, zeros included. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((reason, n) -> out.put(reason.code(), n.sum()));
        return Collections.unmodifiableMap(out);
    }
}
