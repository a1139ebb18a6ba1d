package io.proxysaas.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    @Test
    void should_write_every_spec_field_as_key_value() {
        ConnectionSummary s = new ConnectionSummary(Instant.parse("2026-11-26T10:00:00.123Z"), "node-1", 4000,
                "http-connect", "alice", "10.0.0.7", "example.com:443", "http://up@192.0.2.1:3128",
                1234, 56789, 250, "client_closed");
        assertThat(AccessLog.format(s)).isEqualTo("2026-11-26T10:00:00.123Z node=node-1 port=4000 proto=http-connect"
                + " user=alice client=10.0.0.7 target=example.com:443 upstream=http://up@192.0.2.1:3128"
                + " in=1234 out=56789 ms=250 close=client_closed");
    }

    @Test
    void should_neutralise_client_controlled_spaces_and_newlines() {
        ConnectionSummary s = new ConnectionSummary(Instant.EPOCH, "n", 4001, "http", null, "::1",
                "evil.com:80\nuser=admin in=0", null, 0, 0, 0, "refused:auth_required");
        String line = AccessLog.format(s);
        assertThat(line).doesNotContain("\n").contains("target=evil.com:80_user=admin_in=0").contains("user=-");
        assertThat(line.split(" ")).hasSize(12);
    }
}
