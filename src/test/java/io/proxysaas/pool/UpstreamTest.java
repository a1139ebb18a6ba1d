package io.proxysaas.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpstreamTest {

    @Test
    void should_display_scheme_user_host_and_port_but_never_the_password() {
        Upstream withAuth = new Upstream(UpstreamScheme.HTTP, "192.0.2.1", 3128, "u1", "s3cret");
        assertThat(withAuth.display()).isEqualTo("http://u1@192.0.2.1:3128");
        assertThat(withAuth).hasToString("http://u1@192.0.2.1:3128");
        assertThat(withAuth.toString()).doesNotContain("s3cret");
        assertThat(new Upstream(UpstreamScheme.SOCKS5, "2001:db8::1", 1080, null, null).display())
                .isEqualTo(UpstreamScheme.SOCKS5.prefix() + "://[2001:db8::1]:1080");
        assertThat(withAuth.display()).as("made once, not per call").isSameAs(withAuth.display());
    }

    @Test
    void should_be_equal_exactly_when_all_five_parts_are() {
        Upstream a = new Upstream(UpstreamScheme.HTTP, "h", 1, "u", "p");
        assertThat(a).isEqualTo(new Upstream(UpstreamScheme.HTTP, "h", 1, "u", "p"))
                .hasSameHashCodeAs(new Upstream(UpstreamScheme.HTTP, "h", 1, "u", "p"));
        // a changed password alone must count as a changed line (a reload re-binds that port)
        assertThat(a).isNotEqualTo(new Upstream(UpstreamScheme.HTTP, "h", 1, "u", "q"))
                .isNotEqualTo(new Upstream(UpstreamScheme.HTTP, "h", 1, null, null))
                .isNotEqualTo(new Upstream(UpstreamScheme.SOCKS5, "h", 1, "u", "p"))
                .isNotEqualTo(new Upstream(UpstreamScheme.HTTP, "h2", 1, "u", "p"))
                .isNotEqualTo(new Upstream(UpstreamScheme.HTTP, "h", 2, "u", "p"));
        assertThat(new Upstream(UpstreamScheme.HTTP, "h", 1, null, null))
                .isEqualTo(new Upstream(UpstreamScheme.HTTP, "h", 1, null, null));
    }

    @Test
    void should_refuse_a_missing_scheme_or_host_and_ports_out_of_range() {
        assertThatThrownBy(() -> new Upstream(null, "h", 1, null, null)).hasMessageContaining("scheme");
        assertThatThrownBy(() -> new Upstream(UpstreamScheme.HTTP, null, 1, null, null)).hasMessageContaining("host");
        assertThatThrownBy(() -> new Upstream(UpstreamScheme.HTTP, "h", 0, null, null)).hasMessageContaining("0");
        assertThatThrownBy(() -> new Upstream(UpstreamScheme.HTTP, "h", 65536, null, null)).hasMessageContaining("65536");
    }
}
