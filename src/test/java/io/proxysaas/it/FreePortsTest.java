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
        // Debian's default range starts at 32768, leaving room below it; a range tuned down to 1024 does not
        boolean roomBelow = floor - 10_000 >= 41 + 1_000;
        int lowest = roomBelow ? 10_000 : 20_000;
        int ceiling = roomBelow ? floor : 60_000;
        for (int i = 0; i < 20; i++) {
            int base = FreePorts.consecutive(41);
            assertThat(base).isGreaterThanOrEqualTo(lowest);
            assertThat(base + 41).isLessThanOrEqualTo(ceiling);
            try (ServerSocket first = new ServerSocket(base, 1, InetAddress.getLoopbackAddress());
                    ServerSocket last = new ServerSocket(base + 40, 1, InetAddress.getLoopbackAddress())) {
                assertThat(last.getLocalPort() - first.getLocalPort()).isEqualTo(40);
            }
        }
        assertThat(FreePorts.one()).isBetween(lowest, ceiling - 1);
    }
}
