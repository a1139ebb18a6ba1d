package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrBlockTest {

    @Test
    void should_match_addresses_inside_ipv4_and_ipv6_blocks() throws Exception {
        CidrBlock v4 = CidrBlock.parse("10.1.2.3/8");
        assertThat(v4.canonical()).isEqualTo("10.0.0.0/8");
        assertThat(v4.contains(InetAddress.getByName("10.200.0.1"))).isTrue();
        assertThat(v4.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        CidrBlock v6 = CidrBlock.parse("2001:db8::/32");
        assertThat(v6.contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
        assertThat(v6.contains(InetAddress.getByName("2001:db9::1"))).isFalse();
        assertThat(v6.contains(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThat(CidrBlock.parse("1.2.3.4").prefix()).isEqualTo(32);
        assertThat(CidrBlock.parse("::1").prefix()).isEqualTo(128);
    }

    @Test
    void should_refuse_malformed_hostile_and_catch_all_entries() {
        assertThatThrownBy(() -> CidrBlock.parse("0.0.0.0/0")).hasMessageContaining("/0 is refused");
        assertThatThrownBy(() -> CidrBlock.parse("::/0")).hasMessageContaining("/0 is refused");
        assertThatThrownBy(() -> CidrBlock.parse("example.com")).hasMessageContaining("not an IPv4/IPv6");
        assertThatThrownBy(() -> CidrBlock.parse("1.2.3.256")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> CidrBlock.parse("1.2.3.4/33")).hasMessageContaining("longer than 32");
        assertThatThrownBy(() -> CidrBlock.parse("1.2.3.4/")).hasMessageContaining("bad prefix");
        assertThatThrownBy(() -> CidrBlock.parse("1.2.3")).hasMessageContaining("not an IPv4/IPv6");
        assertThatThrownBy(() -> CidrBlock.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> CidrBlock.parse("1".repeat(5000))).hasMessageContaining("too long");
    }
}
