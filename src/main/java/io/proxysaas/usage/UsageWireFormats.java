package io.proxysaas.usage;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.proxysaas.state.WireFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Wire formats of the usage counters: what moves through Hazelcast every second for every customer
 * and port with traffic (the increments and the counters they return) and every node's live-socket
 * counts ({@link ClusterLiveView.NodeCounts}, read by every member every second). Registered through
 * {@code META-INF/services/com.hazelcast.SerializerHook} ({@link WireFormat}).
 */
public final class UsageWireFormats {

    /** Most customers one node's live counts may name: a larger count on the wire is corrupt input, not data. */
    static final int MAX_NODE_COUNTS = 10_000_000;

    private UsageWireFormats() {
    }

    public static final class CustomerUsageFormat extends WireFormat<CustomerUsage> {
        public CustomerUsageFormat() {
            super(CustomerUsage.class, 7101);
        }

        @Override
        public void write(ObjectDataOutput out, CustomerUsage u) throws IOException {
            out.writeString(u.period());
            out.writeLong(u.bytesIn());
            out.writeLong(u.bytesOut());
            out.writeLong(u.connections());
        }

        @Override
        public CustomerUsage read(ObjectDataInput in) throws IOException {
            return new CustomerUsage(period(in), in.readLong(), in.readLong(), in.readLong());
        }
    }

    public static final class UsageIncrementFormat extends WireFormat<UsageIncrement> {
        public UsageIncrementFormat() {
            super(UsageIncrement.class, 7102);
        }

        @Override
        public void write(ObjectDataOutput out, UsageIncrement u) throws IOException {
            out.writeString(u.period());
            out.writeLong(u.bytesIn());
            out.writeLong(u.bytesOut());
            out.writeLong(u.connections());
        }

        @Override
        public UsageIncrement read(ObjectDataInput in) throws IOException {
            return new UsageIncrement(period(in), in.readLong(), in.readLong(), in.readLong());
        }
    }

    public static final class PortUsageFormat extends WireFormat<PortUsage> {
        public PortUsageFormat() {
            super(PortUsage.class, 7103);
        }

        @Override
        public void write(ObjectDataOutput out, PortUsage u) throws IOException {
            out.writeString(u.period());
            out.writeLong(u.bytesIn());
            out.writeLong(u.bytesOut());
        }

        @Override
        public PortUsage read(ObjectDataInput in) throws IOException {
            return new PortUsage(period(in), in.readLong(), in.readLong());
        }
    }

    public static final class PortIncrementFormat extends WireFormat<PortIncrement> {
        public PortIncrementFormat() {
            super(PortIncrement.class, 7104);
        }

        @Override
        public void write(ObjectDataOutput out, PortIncrement u) throws IOException {
            out.writeString(u.period());
            out.writeLong(u.bytesIn());
            out.writeLong(u.bytesOut());
        }

        @Override
        public PortIncrement read(ObjectDataInput in) throws IOException {
            return new PortIncrement(period(in), in.readLong(), in.readLong());
        }
    }

    public static final class NodeCountsFormat extends WireFormat<ClusterLiveView.NodeCounts> {
        public NodeCountsFormat() {
            super(ClusterLiveView.NodeCounts.class, 7105);
        }

        @Override
        public void write(ObjectDataOutput out, ClusterLiveView.NodeCounts counts) throws IOException {
            out.writeInt(counts.perCustomer().size());
            for (Map.Entry<String, Integer> e : counts.perCustomer().entrySet()) {
                out.writeString(e.getKey());
                out.writeInt(e.getValue());
            }
        }

        @Override
        public ClusterLiveView.NodeCounts read(ObjectDataInput in) throws IOException {
            int size = in.readInt();
            if (size < 0 || size > MAX_NODE_COUNTS) {
                throw new IOException("live socket counts: " + size + " customers on the wire (0-" + MAX_NODE_COUNTS
                        + " expected): corrupt data");
            }
            Map<String, Integer> perCustomer = new HashMap<>(Math.min(size, 1 << 16) * 2);
            for (int i = 0; i < size; i++) {
                String username = in.readString();
                if (username == null) {
                    throw new IOException("live socket counts: entry " + i + " has no customer name: corrupt data");
                }
                perCustomer.put(username, in.readInt());
            }
            return new ClusterLiveView.NodeCounts(perCustomer);
        }
    }

    /** A billing period key; never null in a counter, so a null on the wire is corrupt input. */
    private static String period(ObjectDataInput in) throws IOException {
        String period = in.readString();
        if (period == null) {
            throw new IOException("usage counters without a billing period: corrupt data");
        }
        return period;
    }
}
