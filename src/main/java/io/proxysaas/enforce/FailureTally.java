package io.proxysaas.enforce;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Adds one node's batch of failure times to the cluster-wide window of one IP, atomically on the key's
 * owner ({@link FailureWindow}, the publisher's {@code now}, so a backup replays it identically). The
 * line lives for one window after its last change (TTL) and is cleared once the count reached the limit.
 * Returns the count inside the window, this batch included.
 */
final class FailureTally implements EntryProcessor<String, long[], Integer> {

    private static final long serialVersionUID = 1L;

    // package-private: EnforceWireFormats writes them
    final long[] times;
    final long now;
    final long windowMillis;
    final int maxFailures;

    FailureTally(long[] times, long now, long windowMillis, int maxFailures) {
        this.times = times;
        this.now = now;
        this.windowMillis = windowMillis;
        this.maxFailures = maxFailures;
    }

    @Override
    public Integer process(Map.Entry<String, long[]> entry) {
        long[] held = entry.getValue();
        FailureWindow.Tally tally = FailureWindow.add(held == null ? FailureWindow.NONE : held, times, now,
                windowMillis, maxFailures);
        if (tally.kept().length > 0) {
            ((ExtendedMapEntry<String, long[]>) entry).setValue(tally.kept(), windowMillis, TimeUnit.MILLISECONDS);
        } else if (held != null) {
            entry.setValue(null);
        }
        return tally.count();
    }
}
