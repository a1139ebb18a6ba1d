package io.proxysaas.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostAddressesTest {

    @Test
    void should_answer_exactly_what_getHostAddress_answers_for_many_addresses() throws Exception {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 600; i++) {
                InetAddress v4 = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 8), (byte) i, (byte) (i * 7)});
                InetAddress v6 = InetAddress.getByName("2001:db8::" + Integer.toHexString(i));

                assertThat(HostAddresses.text(v4)).isEqualTo(v4.getHostAddress());
                assertThat(HostAddresses.text(v6)).isEqualTo(v6.getHostAddress());
            }
        }
    }

    @Test
    void should_reuse_the_text_of_an_equal_address_from_another_object() throws Exception {
        String first = HostAddresses.text(InetAddress.getByName("192.0.2.7"));
        String again = HostAddresses.text(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7}));

        assertThat(again).isEqualTo("192.0.2.7").isSameAs(first);
    }

    @Test
    void should_keep_the_scope_of_link_local_addresses_apart() throws Exception {
        byte[] fe80 = InetAddress.getByName("fe80::1").getAddress();
        Inet6Address scope1 = Inet6Address.getByAddress(null, fe80, 1);
        Inet6Address scope2 = Inet6Address.getByAddress(null, fe80, 2);
        InetAddress unscoped = InetAddress.getByAddress(fe80);

        assertThat(HostAddresses.text(unscoped)).isEqualTo(unscoped.getHostAddress());
        assertThat(HostAddresses.text(scope1)).isEqualTo(scope1.getHostAddress()).endsWith("%1");
        assertThat(HostAddresses.text(scope2)).isEqualTo(scope2.getHostAddress()).endsWith("%2");
        assertThat(HostAddresses.text(unscoped)).isEqualTo(unscoped.getHostAddress());
    }

    @Test
    void should_not_allocate_for_a_client_seen_before() throws Exception {
        InetAddress client = InetAddress.getByName("10.1.2.3");
        Runnable lookup = () -> HostAddresses.text(client);
        AllocatedBytes.perCall(1000, lookup);

        assertThat(AllocatedBytes.perCall(10_000, lookup)).isLessThan(1.0);
    }
}
