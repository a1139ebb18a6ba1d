package io.proxysaas.enforce;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.proxysaas.state.WireFormat;
import java.io.IOException;

/**
 * Wire format of the brute-force tally: every node publishes, every 200 ms, one per client IP with
 * failed logins, so under a spray of bad passwords from many addresses this is the busiest value of
 * the cluster. Registered through {@code META-INF/services/com.hazelcast.SerializerHook}
 * ({@link WireFormat}).
 */
public final class EnforceWireFormats {

    /** Most failure times one batch may carry: a node publishes at most what its window holds. */
    static final int MAX_TIMES = 1_000_000;

    private EnforceWireFormats() {
    }

    public static final class FailureTallyFormat extends WireFormat<FailureTally> {
        public FailureTallyFormat() {
            super(FailureTally.class, 7121);
        }

        @Override
        public void write(ObjectDataOutput out, FailureTally t) throws IOException {
            out.writeInt(t.times.length);
            for (long time : t.times) {
                out.writeLong(time);
            }
            out.writeLong(t.now);
            out.writeLong(t.windowMillis);
            out.writeInt(t.maxFailures);
        }

        @Override
        public FailureTally read(ObjectDataInput in) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > MAX_TIMES) {
                throw new IOException("brute-force tally: " + n + " failure times on the wire (0-" + MAX_TIMES
                        + " expected): corrupt data");
            }
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                times[i] = in.readLong();
            }
            return new FailureTally(times, in.readLong(), in.readLong(), in.readInt());
        }
    }
}
