package io.proxysaas.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import io.proxysaas.state.WireChecks;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The usage counters' Hazelcast formats, through the serialization service a member builds (which
 * finds them in META-INF/services): each type under its own id, read back equal; cut or forged
 * bytes fail with an error instead of yielding wrong counters. Across real members:
 * UsageClusterTest.
 */
class UsageWireFormatsTest {

    private final InternalSerializationService ss = new DefaultSerializationServiceBuilder().build();

    @Test
    void should_carry_every_usage_type_under_its_own_id_and_read_it_back_equal() {
        Map<Object, Integer> samples = new HashMap<>();
        samples.put(new CustomerUsage("2026-11", 123_456_789_012L, 42L, 7L), 7101);
        samples.put(new UsageIncrement("2026-11", 0L, Long.MAX_VALUE, 1L), 7102);
        samples.put(new PortUsage("2026-12", 5L, 6L), 7103);
        samples.put(new PortIncrement("2026-12", 1L, 2L), 7104);
        Map<String, Integer> live = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            live.put("customer-" + i + "-é", i);
        }
        samples.put(new ClusterLiveView.NodeCounts(live), 7105);
        samples.put(new ClusterLiveView.NodeCounts(Map.of()), 7105);
        samples.forEach((sample, typeId) -> assertThat(WireChecks.roundTrip(ss, sample, typeId)).isEqualTo(sample));
    }

    @Test
    void should_be_smaller_than_java_serialization_of_the_same_counters() {
        // the same four fields, Java-serialized: class descriptor and field names travel with every value
        record JavaUsage(String period, long bytesIn, long bytesOut, long connections) implements java.io.Serializable {
        }
        int wire = ss.toData(new CustomerUsage("2026-11", 1L, 2L, 3L)).totalSize();
        int java = ss.toData(new JavaUsage("2026-11", 1L, 2L, 3L)).totalSize();
        assertThat(wire).isLessThan(java / 3);
    }

    @Test
    void should_refuse_cut_counters_instead_of_reading_wrong_numbers() {
        WireChecks.assertEveryCutRefused(ss, new CustomerUsage("2026-11", 1L, 2L, 3L));
        WireChecks.assertEveryCutRefused(ss, new PortIncrement("2026-11", 1L, 2L));
        WireChecks.assertEveryCutRefused(ss, new ClusterLiveView.NodeCounts(Map.of("alice", 3, "bob", 1)));
    }

    @Test
    void should_refuse_live_counts_with_a_forged_size_or_a_missing_name() {
        byte[] one = ss.toData(new ClusterLiveView.NodeCounts(Map.of("alice", 3))).toByteArray();
        int sizeAt = HeapData.HEAP_DATA_OVERHEAD; // the entry count comes first
        for (int forged : new int[] {-1, Integer.MAX_VALUE, UsageWireFormats.MAX_NODE_COUNTS + 1}) {
            byte[] bytes = one.clone();
            putInt(bytes, sizeAt, forged);
            assertThatThrownBy(() -> ss.toObject(new HeapData(bytes)))
                    .isInstanceOf(HazelcastSerializationException.class)
                    .hasStackTraceContaining("corrupt data");
        }
        byte[] noName = one.clone();
        putInt(noName, sizeAt + 4, -1); // the name's length: -1 is a null string
        assertThatThrownBy(() -> ss.toObject(new HeapData(noName)))
                .isInstanceOf(HazelcastSerializationException.class)
                .hasStackTraceContaining("no customer name");
    }

    @Test
    void should_refuse_counters_without_a_billing_period() {
        byte[] bytes = ss.toData(new PortUsage("2026-11", 1L, 2L)).toByteArray();
        putInt(bytes, HeapData.HEAP_DATA_OVERHEAD, -1); // the period's length: -1 is a null string
        assertThatThrownBy(() -> ss.toObject(new HeapData(bytes)))
                .isInstanceOf(HazelcastSerializationException.class)
                .hasStackTraceContaining("without a billing period");
    }

    /** Hazelcast writes big-endian by default. */
    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }
}
