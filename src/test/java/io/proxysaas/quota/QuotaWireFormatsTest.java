package io.proxysaas.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import io.proxysaas.state.WireChecks;
import org.junit.jupiter.api.Test;

/**
 * The quota ledger's Hazelcast formats, through the serialization service a member builds: each type
 * under its own id and read back equal (the finished period's fields, null or set, included); cut
 * bytes and a missing period fail instead of yielding a wrong ledger line. Across real members:
 * QuotaEndToEndTest and the ledger component tests.
 */
class QuotaWireFormatsTest {

    private final InternalSerializationService ss = new DefaultSerializationServiceBuilder().build();
    private final LedgerEntry fresh = LedgerEntry.fresh("2026-11", 1_796_083_200_000L, 10L << 30, 262_144L);
    private final LedgerEntry rolled = fresh.rollTo("2026-12", 1_798_761_600_000L, 20L << 30, 5L);

    @Test
    void should_carry_ledger_lines_and_lease_answers_under_their_ids_and_read_them_back_equal() {
        assertThat(rolled.previousPeriod()).as("sanity: a rolled line keeps its finished period").isEqualTo("2026-11");
        for (LedgerEntry line : new LedgerEntry[] {fresh, rolled}) {
            assertThat(roundTrip(line, 7111)).isEqualTo(line);
        }
        LeaseResult answer = new LeaseResult(262_144L, rolled);
        assertThat(roundTrip(answer, 7112)).isEqualTo(answer);
    }

    @Test
    void should_carry_lease_requests_and_returns_with_every_field() {
        LeaseProcessor request = new LeaseProcessor("2026-11", 1_796_083_200_000L, 10L << 30, 262_144L, -1L);
        LeaseProcessor back = (LeaseProcessor) roundTrip(request, 7113);
        assertThat(back.period).isEqualTo("2026-11");
        assertThat(new long[] {back.periodEndMillis, back.quota, back.want, back.initialUsed})
                .containsExactly(1_796_083_200_000L, 10L << 30, 262_144L, -1L);

        LedgerProcessors.GiveBack giveBack = new LedgerProcessors.GiveBack(rolled.version(), 1_000L);
        LedgerProcessors.GiveBack returned = (LedgerProcessors.GiveBack) roundTrip(giveBack, 7114);
        assertThat(returned.from).isEqualTo(rolled.version());
        assertThat(returned.bytes).isEqualTo(1_000L);
    }

    @Test
    void should_refuse_cut_ledger_lines() {
        WireChecks.assertEveryCutRefused(ss, rolled);
        WireChecks.assertEveryCutRefused(ss, new LeaseResult(1L, fresh));
    }

    @Test
    void should_refuse_a_ledger_line_without_its_period() {
        byte[] bytes = ss.toData(fresh).toByteArray();
        int at = HeapData.HEAP_DATA_OVERHEAD; // the period's length comes first; -1 is a null string
        bytes[at] = bytes[at + 1] = bytes[at + 2] = bytes[at + 3] = (byte) 0xff;
        assertThatThrownBy(() -> ss.toObject(new HeapData(bytes)))
                .isInstanceOf(HazelcastSerializationException.class)
                .hasStackTraceContaining("without a billing period");
    }

    private Object roundTrip(Object value, int typeId) {
        return WireChecks.roundTrip(ss, value, typeId);
    }
}
