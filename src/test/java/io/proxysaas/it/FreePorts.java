package io.proxysaas.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free loopback ports: one port, or a run of consecutive free ports for a pool.
 *
 * <p>A run is picked below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}): a port
 * that is free when checked but inside that range can be taken as the local end of any outgoing
 * connection before the test binds it (CI saw exactly that: "Address already in use" on a port checked
 * free a second earlier).
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private FreePorts() {
    }

    /** One port that is free right now, below the ephemeral range, for a server the test starts later. */
    public static int one() {
        return consecutive(1);
    }

    /**
     * The first of {@code count} consecutive ports that are free right now, below the ephemeral range;
     * where that range starts too low to leave room (a kernel tuned to hand out ports from 1024), in
     * 20000-60000 as before, free when checked but no longer safe from outgoing connections.
     */
    public static int consecutive(int count) {
        int floor = ephemeralFloor();
        boolean roomBelow = floor - LOWEST >= count + 1_000;
        int lowest = roomBelow ? LOWEST : 20_000;
        int ceiling = roomBelow ? floor : 60_000;
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(lowest, ceiling - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports found in " + lowest + "-" + ceiling);
    }

    /**
     * The lowest ephemeral port the kernel hands out (32768 when the range cannot be read). Read by line:
     * procfs reports a size of 0 and {@code Files.readString} then returns only the first byte.
     */
    static int ephemeralFloor() {
        try {
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
