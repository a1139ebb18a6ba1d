package io.proxysaas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import java.util.Arrays;

/** Checks of a {@link WireFormat} through the serialization service a member builds. */
public final class WireChecks {

    private WireChecks() {
    }

    /** Serializes {@code value}, checks it went under {@code typeId}, and answers what reads back. */
    public static Object roundTrip(InternalSerializationService ss, Object value, int typeId) {
        Data data = ss.toData(value);
        assertThat(data.getType()).as("%s", value.getClass().getSimpleName()).isEqualTo(typeId);
        return ss.toObject(data);
    }

    /** Every cut of {@code value}'s bytes (header kept) fails to read instead of yielding a value. */
    public static void assertEveryCutRefused(InternalSerializationService ss, Object value) {
        byte[] whole = ss.toData(value).toByteArray();
        for (int keep = HeapData.HEAP_DATA_OVERHEAD; keep < whole.length; keep++) {
            Data cut = new HeapData(Arrays.copyOf(whole, keep));
            assertThatThrownBy(() -> ss.toObject(cut)).as("%d of %d bytes", keep, whole.length)
                    .isInstanceOf(HazelcastSerializationException.class);
        }
    }
}
