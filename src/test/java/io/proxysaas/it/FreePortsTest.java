package io.proxysaas.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The test helper keeps its ports out of the kernel's ephemeral range, where outgoing connections could take them. */
class FreePortsTest {

    @Test
    void should_pick_a_run_below_the_ephemeral_range_that_can_be_bound() throws Exception {
        int floor = FreePorts.ephemeralFloor();
        // the kernels here hand out ephemeral ports from 32768 (Debian's default): room below it
        assertThat(floor).as("net.ipv4.ip_local_port_range starts at").isGreaterThan(10_000 + 41 + 1_000);
        for (int i = 0; i < 20; i++) {
            int base = FreePorts.consecutive(41);
            assertThat(base).isGreaterThanOrEqualTo(10_000);
            assertThat(base + 41).isLessThanOrEqualTo(floor);
            try (ServerSocket first = new ServerSocket(base, 1, InetAddress.getLoopbackAddress());
                    ServerSocket last = new ServerSocket(base + 40, 1, InetAddress.getLoopbackAddress())) {
                assertThat(last.getLocalPort() - first.getLocalPort()).isEqualTo(40);
            }
        }
        assertThat(FreePorts.one()).isBetween(10_000, floor - 1);
    }
}
