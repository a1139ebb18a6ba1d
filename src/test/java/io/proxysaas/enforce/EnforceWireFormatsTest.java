package io.proxysaas.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import io.proxysaas.state.WireChecks;
import org.junit.jupiter.api.Test;

/**
 * The brute-force tally's Hazelcast format: every field read back, cut bytes and a forged count of
 * failure times refused. Across real members: BruteForceClusterTest.
 */
class EnforceWireFormatsTest {

    private final InternalSerializationService ss = new DefaultSerializationServiceBuilder().build();

    @Test
    void should_carry_a_tally_with_every_failure_time() {
        FailureTally tally = new FailureTally(new long[] {1_000L, 1_250L, Long.MAX_VALUE}, 2_000L, 60_000L, 10);
        FailureTally back = (FailureTally) WireChecks.roundTrip(ss, tally, 7121);
        assertThat(back.times).containsExactly(1_000L, 1_250L, Long.MAX_VALUE);
        assertThat(new long[] {back.now, back.windowMillis, back.maxFailures}).containsExactly(2_000L, 60_000L, 10L);
        FailureTally empty = (FailureTally) WireChecks.roundTrip(ss, new FailureTally(new long[0], 5L, 6L, 7), 7121);
        assertThat(empty.times).isEmpty();
    }

    @Test
    void should_refuse_cut_tallies_and_forged_counts() {
        FailureTally tally = new FailureTally(new long[] {1L, 2L}, 3L, 4L, 5);
        WireChecks.assertEveryCutRefused(ss, tally);
        for (int forged : new int[] {-1, EnforceWireFormats.MAX_TIMES + 1, Integer.MAX_VALUE}) {
            byte[] bytes = ss.toData(tally).toByteArray();
            int at = HeapData.HEAP_DATA_OVERHEAD; // the count of failure times comes first (big-endian)
            bytes[at] = (byte) (forged >>> 24);
            bytes[at + 1] = (byte) (forged >>> 16);
            bytes[at + 2] = (byte) (forged >>> 8);
            bytes[at + 3] = (byte) forged;
            assertThatThrownBy(() -> ss.toObject(new HeapData(bytes)))
                    .isInstanceOf(HazelcastSerializationException.class)
                    .hasStackTraceContaining("corrupt data");
        }
    }
}
